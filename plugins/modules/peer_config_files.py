#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: peer_config_files
short_description: Write the configuration files of VPN peers, which hold keys, in one task
version_added: 0.1.0
description:
  - Writes (or removes) the configuration files of the devices at the other end of the VPN, for example the
    strongSwan C(swanctl.conf) of each site that the P(hwcloud.vpn.s2c_vpn#role) role renders, in one module run
    for all of them.
  - Such files hold pre-shared keys. A file is written through a temporary file that is never readable by other
    users, and replaces the old one at once. A file that already holds the content is not touched.
  - The content is never shown, in the results, the diff or the logs; the diff gives each file's size.
  - Calls no API, and takes no credentials.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  files:
    description:
      - The files, each with its content or C(state=absent).
      - Two entries may not name the same O(files[].path).
    type: list
    elements: dict
    required: true
    suboptions:
      path:
        description:
          - Where the file goes. Its directory gets O(directory_mode); the missing directories above it are made
            with O(directory_mode), and existing ones keep their owner and mode.
        type: path
        required: true
      content:
        description:
          - The text of the file. Required with O(files[].state=present).
          - Never shown.
        type: str
      state:
        description:
          - V(present) writes the file, V(absent) removes it (its directory stays).
        type: str
        choices: [present, absent]
        default: present
  mode:
    description:
      - The mode of each file written, in octal.
    type: str
    default: "0600"
  directory_mode:
    description:
      - The mode, in octal, of the directory that holds each file written, and of the directories made above it.
    type: str
    default: "0700"
attributes:
  check_mode:
    support: full
    description: Reports which files would change, and writes nothing.
  diff_mode:
    support: full
    description: Each changed file's size before and after; never its content.
  platform:
    support: full
    platforms: posix
    description: Runs on the host that keeps the files, with POSIX file modes.
"""

EXAMPLES = r"""
# A peer that is not strongSwan: its secrets file, from a connection the play reads
- name: The Lyon office's policy-based connection
  hwcloud.vpn.vpn_connection_info:
    vgw_name: hq-vpngw
    name: lyon
  register: lyon

- name: The Lyon router's secrets, and none left for the closed Berlin office
  hwcloud.vpn.peer_config_files:
    files:
      - path: "{{ peer_config_dir }}/lyon/ipsec.secrets"
        content: |
          # VPN connection {{ lyon.vpn_connections[0].id }} of the gateway hq-vpngw
          %any : PSK "{{ lyon_psk }}"
      - path: "{{ peer_config_dir }}/berlin/ipsec.secrets"
        state: absent
"""

RETURN = r"""
files:
  description:
    - What happened to each file of O(files), in their order. Never the content.
  returned: always
  type: list
  elements: dict
  contains:
    path:
      description: The file's path, as given.
      type: str
      sample: /etc/vpn-peers/lyon/swanctl.conf
    state:
      description: V(present) or V(absent), as asked.
      type: str
      sample: present
    changed:
      description:
        - Whether the file was (or, in check mode, would be) written, given its mode, or removed.
      type: bool
      sample: true
    created:
      description: Whether the file did not exist before.
      type: bool
      sample: false
"""

import os

from ansible_collections.hwcloud.vpn.plugins.module_utils import files as private_files
from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule

REASON = "it holds keys"


def octal(module, option, text):
    try:
        mode = int(text, 8)
    except ValueError:
        mode = -1
    if not 0 <= mode <= 0o7777:
        module.fail_json(msg="%s: %r is not an octal mode such as 0600." % (option, text))
    return mode


def plan(module, entries, mode, directory_mode):
    """What each file needs, before anything is written: (entry, data, current, report)."""
    seen = set()
    steps = []
    for index, entry in enumerate(entries):
        where = "files[%d]" % index
        path = os.path.abspath(entry["path"])
        if path in seen:
            module.fail_json(msg="%s.path: %s is named twice." % (where, entry["path"]))
        seen.add(path)
        if entry["state"] == "present" and entry["content"] is None:
            module.fail_json(msg="%s.content: required with state present (file %s)." % (where, entry["path"]))
        if os.path.isdir(path):
            module.fail_json(msg="%s.path: %s is a directory." % (where, entry["path"]))
        data = entry["content"].encode("utf-8") if entry["state"] == "present" else None
        try:
            current = private_files.read(path)
            if data is None:
                changed = current is not None
            else:
                changed = (current != data or private_files.mode_of(path) != mode
                           or private_files.mode_of(os.path.dirname(path)) != directory_mode)
        except OSError as error:  # a file where a directory goes, or no right to read
            module.fail_json(msg="%s.path: %s: %s." % (where, entry["path"], error.strerror))
        report = dict(path=entry["path"], state=entry["state"], changed=changed,
                      created=current is None and data is not None)
        steps.append((path, data, current, report))
    return steps


def apply(module, steps, mode, directory_mode):
    for path, data, _current, report in steps:
        if not report["changed"]:
            continue
        if data is None:
            os.unlink(path)
            continue
        directory = os.path.dirname(path)
        private_files.make_directories(directory, directory_mode)
        if private_files.mode_of(directory) != directory_mode:
            os.chmod(directory, directory_mode)
        private_files.write(module, path, data, mode)


def diff(steps):
    changed = [(path, data, current) for path, data, current, report in steps if report["changed"]]
    return [{"before_header": path, "after_header": path,
             "before": ("current: " + private_files.summary(current, REASON)) if current is not None else "",
             "after": ("new: " + private_files.summary(data, REASON)) if data is not None else ""}
            for path, data, current in changed]


def main():
    module = AnsibleModule(
        argument_spec=dict(
            files=dict(type="list", elements="dict", required=True, options=dict(
                path=dict(type="path", required=True),
                content=dict(type="str", no_log=True),
                state=dict(type="str", choices=["present", "absent"], default="present"))),
            mode=dict(type="str", default="0600"),
            directory_mode=dict(type="str", default="0700"),
        ),
        supports_check_mode=True,
    )
    mode = octal(module, "mode", module.params["mode"])
    directory_mode = octal(module, "directory_mode", module.params["directory_mode"])
    steps = plan(module, module.params["files"], mode, directory_mode)
    result = dict(changed=any(report["changed"] for _p, _d, _c, report in steps),
                  files=[report for _p, _d, _c, report in steps])
    if module._diff and result["changed"]:
        result["diff"] = diff(steps)
    if not module.check_mode:
        try:
            apply(module, steps, mode, directory_mode)
        except OSError as error:
            module.fail_json(msg="Writing the peer configuration files: %s: %s" % (error.filename, error.strerror),
                             **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
