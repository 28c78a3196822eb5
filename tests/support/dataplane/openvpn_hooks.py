"""The scripts the gateway's OpenVPN server runs (inside its namespace), standard library only:

  verify <socket> <file>        auth-user-pass-verify via-file: asks the harness, over a UNIX socket, whether the
                                user name and password in <file> are the emulator's; exit 0 admits. The password
                                is never in argv, the environment or any output.
  connect <gateway.json> <file> client-connect: the user's static IP (ifconfig-push into <file>) and, when the
                                user's group has access policies, policy-routing rules that let the client's
                                address reach only the policies' destination CIDRs among the local subnets.
  disconnect <gateway.json>     client-disconnect: removes those rules.

Rules (see openvpn.py): priority ALLOW "from <client> to <destination> lookup local", priority DENY
"from <client> to <local subnet> prohibit"; the local table itself was moved below both when the server started.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from typing import Any, Dict, List

ALLOW, DENY = 100, 200


def verify(socket_path: str, credentials_path: str) -> int:
    with open(credentials_path, encoding="utf-8") as credentials:
        user_name, password = (credentials.read().split("\n") + ["", ""])[:2]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
        channel.settimeout(10)
        channel.connect(socket_path)
        channel.sendall(json.dumps({"user_name": user_name, "password": password}).encode() + b"\n")
        answer = channel.makefile("r", encoding="utf-8").readline().strip()
    print(f"hwcloud-vpn verify: user {user_name}: {answer or 'no answer'}")
    return 0 if answer == "ok" else 1


def _rules(gateway: Dict[str, Any], address: str, allowed: List[str]) -> List[List[str]]:
    rules = [["pref", str(ALLOW), "from", address, "to", cidr, "lookup", "local"] for cidr in allowed]
    return rules + [["pref", str(DENY), "from", address, "to", subnet, "prohibit"]
                    for subnet in gateway["local_subnets"]]


def _state_path(gateway_path: str, common_name: str) -> str:
    return os.path.join(os.path.dirname(gateway_path), f"client-{common_name}.json")


def connect(gateway_path: str, config_path: str) -> int:
    with open(gateway_path, encoding="utf-8") as source:
        gateway = json.load(source)
    common_name = os.environ["common_name"]
    user = gateway["users"].get(common_name, {})
    address = os.environ.get("ifconfig_pool_remote_ip", "")
    if user.get("static_ip"):
        address = user["static_ip"]
        with open(config_path, "w", encoding="utf-8") as config:
            config.write(f"ifconfig-push {address} {gateway['netmask']}\n")
    rules = _rules(gateway, address, user["allowed"]) if user.get("allowed") is not None else []
    for rule in rules:
        subprocess.run([gateway["ip"], "rule", "add", *rule], check=True)
    with open(_state_path(gateway_path, common_name), "w", encoding="utf-8") as state:
        json.dump(rules, state)
    print(f"hwcloud-vpn connect: {common_name} at {address}, {len(rules)} access rules")
    return 0


def disconnect(gateway_path: str) -> int:
    with open(gateway_path, encoding="utf-8") as source:
        gateway = json.load(source)
    state_path = _state_path(gateway_path, os.environ["common_name"])
    if os.path.exists(state_path):
        with open(state_path, encoding="utf-8") as state:
            for rule in json.load(state):
                subprocess.run([gateway["ip"], "rule", "del", *rule], check=False)
        os.remove(state_path)
    return 0


def main(argv: List[str]) -> int:
    if argv[1] == "verify":
        return verify(argv[2], argv[3])
    if argv[1] == "connect":
        return connect(argv[2], argv[3])
    if argv[1] == "disconnect":
        return disconnect(argv[2])
    raise SystemExit(f"unknown hook {argv[1]!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
