# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Gateway upgrades and their jobs, for S2C and P2C VPN gateways alike (API "Upgrading a VPN Gateway", "Querying the
Resource Task List", "Deleting Records of a Specified Task" and their P2C twins).

An upgrade is started (the gateway goes UPGRADING, then PENDING_UPGRADE_CONFIRM), then finished (ACTIVE on the new
version) or rolled back (ROLLING_BACK, then ACTIVE on the old one). Each step is a job of the gateway, read from the
job list: a task is idempotent by the gateway's status and its latest job."""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, validation, waiter
from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec, wait_spec
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError
from ansible_collections.hwcloud.vpn.plugins.module_utils.task import Task


@dataclass(frozen=True)
class GatewayType:
    """What differs between S2C and P2C gateways here: paths, the answer's key, the frozen spelling."""

    kind: str
    path: str
    body_key: str
    lifecycle: waiter.Lifecycle


GATEWAY_TYPES: Dict[str, GatewayType] = {
    "s2c": GatewayType("VPN gateway", api.VPN_GATEWAYS, "vpn_gateway", api.VPN_GATEWAY),
    "p2c": GatewayType("P2C VPN gateway", api.P2C_GATEWAYS, "p2c_vpn_gateway", api.P2C_GATEWAY),
}
CONFIRM = "PENDING_UPGRADE_CONFIRM"
# The job status each action ends in ("Querying the Resource Task List", Job.status); any other final status is a failure.
JOB_DONE = {"start": "pending_upgrade_confirm", "finish": "success", "rollback": "rollback_success"}
JOB_RUNNING = ("upgrading", "rolling_back")
JOB_STATUSES = ("upgrading", "pending_upgrade_confirm", "success", "rolling_back", "rollback_success", "fail")


def gateway_type_spec() -> dict:
    return dict(gateway_type=dict(type="str", choices=sorted(GATEWAY_TYPES), default="s2c"))


def jobs_path(gateway_type: str) -> str:
    return GATEWAY_TYPES[gateway_type].path + "/jobs"


def list_jobs(client: Any, gateway_type: str, gateway_id: Optional[str] = None) -> List[dict]:
    """The jobs of the project's gateways of one type (of one gateway when gateway_id is set), oldest first."""
    query = {"resource_id": gateway_id} if gateway_id else None
    jobs = client.read(jobs_path(gateway_type), "jobs", list, query=query)
    return sorted(jobs, key=lambda job: job.get("created_at") or "")


@dataclass
class UpgradePlan:
    """The action to send (None when the gateway is already where the action leads), and the diff's sides."""

    action: Optional[str]
    gateway: dict
    job: Optional[dict]
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.action is not None


class GatewayUpgrade(Task):
    """Start, finish or roll back the upgrade of one gateway (options gateway_type, gateway_id, action)."""

    def __init__(self, module: Any) -> None:
        super().__init__(module)
        self.type = GATEWAY_TYPES[self.params["gateway_type"]]

    def describe(self) -> str:
        return "%s %s" % (self.type.kind, self.params["gateway_id"])

    def validate(self) -> None:
        validation.uuid("gateway_id", self.params["gateway_id"])

    def fetch(self) -> Optional[dict]:
        path = "%s/%s" % (self.type.path, path_quote(self.params["gateway_id"]))
        return api.get_or_none(self.client, path, self.type.body_key)

    def latest_job(self) -> Optional[dict]:
        jobs = list_jobs(self.client, self.params["gateway_type"], self.params["gateway_id"])
        return jobs[-1] if jobs else None

    def job(self, job_id: str) -> Optional[dict]:
        return next((j for j in list_jobs(self.client, self.params["gateway_type"], self.params["gateway_id"])
                     if j.get("id") == job_id), None)

    def find(self) -> dict:
        """The gateway once it is ACTIVE or waits for confirmation: waits through the pending statuses (UPGRADING,
        ROLLING_BACK), fails at once on a frozen or faulty gateway."""
        lifecycle = self.type.lifecycle
        upgrade = waiter.Lifecycle(ready=("ACTIVE", CONFIRM), pending=lifecycle.pending, failed=("FAULT",),
                                   blocked={s: a for s, a in lifecycle.blocked.items() if s != CONFIRM})
        gateway = self.fetch()
        if gateway is None:
            raise HwcError("There is no %s with id %s (option gateway_id)." % (self.type.kind,
                                                                               self.params["gateway_id"]))
        api.refuse_blocked(gateway, upgrade, self.type.kind)
        if upgrade.is_settled(gateway) or not self.params["wait"]:
            return gateway
        return waiter.wait_for_status(self.fetch, upgrade, self.params["wait_timeout"], self.describe())

    def plan(self, current: dict) -> UpgradePlan:
        action = self.params["action"]
        self.doing = "%s the upgrade of %s" % ({"start": "Starting", "finish": "Finishing",
                                                "rollback": "Rolling back"}[action], self.describe())
        job = self.latest_job()
        status = current.get("status")
        before = {"status": status, "job_type": (job or {}).get("job_type"), "job_status": (job or {}).get("status")}
        if status not in ("ACTIVE", CONFIRM):  # not waited for (wait=false): nothing can be decided yet
            raise HwcError("the gateway is %s; run the task with wait=true, or again once it is ACTIVE or %s."
                           % (status, CONFIRM))
        if action == "start":
            # Started already, or nothing to upgrade to (upgrade_info unready: the latest version runs).
            wanted = status == "ACTIVE" and current.get("upgrade_info") != "unready"
            after = {"status": CONFIRM, "job_type": "upgrade", "job_status": JOB_DONE["start"]}
        else:
            wanted = status == CONFIRM
            after = {"status": "ACTIVE", "job_type": "upgrade" if action == "finish" else "rollback",
                     "job_status": JOB_DONE[action]}
            if not wanted and (job or {}).get("status") != JOB_DONE[action]:
                raise HwcError("no upgrade waits for confirmation (the gateway is %s%s): start one with action=start "
                               "first." % (status, ", its latest job is %s %s" % (job["job_type"], job["status"])
                                           if job else ", and it has no upgrade job"))
        return UpgradePlan(action if wanted else None, current, job, before, after if wanted else dict(before))

    def apply(self, plan: UpgradePlan) -> UpgradePlan:
        path = "%s/%s/upgrade" % (self.type.path, path_quote(self.params["gateway_id"]))
        job_id = self.client.request("POST", path, body={"action": plan.action}).require("job_id", str)
        self.mark_changed()
        job = self.job(job_id)
        if self.params["wait"]:
            # The job says how the action ended (a failed upgrade leaves the gateway ACTIVE); then the gateway settles.
            done = JOB_DONE[plan.action]
            lifecycle = waiter.Lifecycle(ready=(done,), pending=JOB_RUNNING,
                                         failed=tuple(s for s in JOB_STATUSES if s not in JOB_RUNNING + (done,)))
            job = waiter.wait_for_status(lambda: self.job(job_id), lifecycle, self.params["wait_timeout"],
                                         "the %s job %s of %s" % (plan.action, job_id, self.describe()))
        gateway = self.find() if self.params["wait"] else self.fetch() or plan.gateway
        return UpgradePlan(plan.action, gateway, job, plan.before, {
            "status": gateway.get("status"), "job_type": (job or {}).get("job_type"),
            "job_status": (job or {}).get("status")})

    def report(self, plan: UpgradePlan, outcome: Optional[UpgradePlan]) -> None:
        done = outcome or plan
        self.result.update(changed=plan.changed, gateway=done.gateway, job=done.job or {})
        if self.module._diff:
            self.result["diff"] = {"before": plan.before, "after": done.after}


def upgrade_argument_spec() -> dict:
    spec = gateway_type_spec()
    spec.update(gateway_id=dict(type="str", required=True),
                action=dict(type="str", required=True, choices=["start", "finish", "rollback"]))
    spec.update(auth_spec())
    spec.update(wait_spec())
    return spec


@dataclass
class JobPlan:
    jobs: List[dict]  # the job records to delete

    @property
    def changed(self) -> bool:
        return bool(self.jobs)


class JobRecords(Task):
    """Delete job records: one by id, or every finished job of a gateway (a running job cannot be deleted)."""

    def describe(self) -> str:
        if self.params["id"]:
            return "job %s" % self.params["id"]
        return "the finished jobs of %s %s" % (GATEWAY_TYPES[self.params["gateway_type"]].kind,
                                               self.params["gateway_id"])

    def validate(self) -> None:
        validation.uuids(self.params, "id", "gateway_id")

    def find(self) -> List[dict]:
        jobs = list_jobs(self.client, self.params["gateway_type"], self.params["gateway_id"])
        if self.params["id"]:
            return [job for job in jobs if job.get("id") == self.params["id"]]
        return jobs

    def plan(self, current: List[dict]) -> JobPlan:
        self.doing = "Deleting %s" % self.describe()
        running = [job for job in current if job.get("status") in JOB_RUNNING + (JOB_DONE["start"],)]
        if running and self.params["id"]:
            raise HwcError("job %s is still running (%s): finish or roll back the upgrade with "
                           "hwcloud.vpn.vpn_gateway_upgrade first." % (running[0]["id"], running[0]["status"]))
        return JobPlan([job for job in current if job not in running])

    def apply(self, plan: JobPlan) -> List[dict]:
        deleted = []
        for job in plan.jobs:
            try:
                self.client.request("DELETE", "%s/%s" % (jobs_path(self.params["gateway_type"]), path_quote(job["id"])))
            except ApiError as error:
                if not api.not_found(error):
                    raise
                continue  # deleted meanwhile
            self.mark_changed()
            deleted.append(job)
        return deleted

    def report(self, plan: JobPlan, outcome: Optional[List[dict]]) -> None:
        jobs = plan.jobs if outcome is None else outcome
        self.result.update(changed=plan.changed, jobs=jobs)
        if self.module._diff:
            self.result["diff"] = {"before": {"jobs": sorted(job["id"] for job in plan.jobs)}, "after": {"jobs": []}}


def job_argument_spec() -> dict:
    spec = gateway_type_spec()
    spec.update(id=dict(type="str"), gateway_id=dict(type="str"),
                state=dict(type="str", choices=["absent"], default="absent"))
    spec.update(auth_spec())
    return spec
