# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: appends every task result, as Ansible shows it (no_log applied), to the JSON lines
file named by HWCLOUD_TEST_RESULTS."""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: hwcloud_results
type: aggregate
short_description: Record task results for the hwcloud.vpn tests
description: Writes each task result as a JSON line to the file named by HWCLOUD_TEST_RESULTS.
options: {}
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "hwcloud_results"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, result, status):
        path = os.environ.get("HWCLOUD_TEST_RESULTS")
        if not path:
            return
        entry = {"task": result.task_name, "status": status, "result": self._clean(result)}
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, default=str) + "\n")

    @staticmethod
    def _clean(result):
        return json.loads(json.dumps(dict(result._result), default=str))

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")
