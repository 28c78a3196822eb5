# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only lookup: what the bundled emulator shows on its control paths (/_emulator/requests, fixtures, state),
parsed. The test playbooks read the request log before and after most steps; ansible.builtin.url would build a TLS
context (loading every system CA certificate) and import its whole HTTP stack for each of those plain-HTTP reads
on 127.0.0.1, in each forked worker."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

DOCUMENTATION = r"""
name: hwcloud_emulator
short_description: Read a control path of the hwcloud.vpn emulator
description:
  - Returns the parsed JSON the emulator answers on C(/_emulator/<term>) (requests, fixtures, state).
options:
  _terms:
    description: The control path under C(/_emulator/), one.
    required: true
  url:
    description: The emulator's base URL (plain HTTP on 127.0.0.1).
    type: str
    required: true
"""

CONTROL_PATHS = ("requests", "fixtures", "state")


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        if len(terms) != 1 or terms[0] not in CONTROL_PATHS:
            raise AnsibleError(f"hwcloud_emulator: one of {', '.join(CONTROL_PATHS)}, got {terms!r}")
        base = urlsplit(self.get_option("url"))
        if base.scheme != "http" or base.hostname != "127.0.0.1":
            raise AnsibleError(f"hwcloud_emulator: the emulator's http://127.0.0.1 URL, got {self.get_option('url')!r}")
        connection = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=30)
        try:
            connection.request("GET", f"/_emulator/{terms[0]}")
            response = connection.getresponse()
            body = response.read()
        except OSError as error:
            raise AnsibleError(f"hwcloud_emulator: GET /_emulator/{terms[0]}: {error}") from error
        finally:
            connection.close()
        if response.status != 200:
            raise AnsibleError(f"hwcloud_emulator: GET /_emulator/{terms[0]}: HTTP {response.status}")
        try:
            return [json.loads(body)]
        except ValueError as error:
            raise AnsibleError(f"hwcloud_emulator: GET /_emulator/{terms[0]}: not JSON ({error}): {body[:200]!r}") \
                from error
