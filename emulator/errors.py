"""API errors raised by handlers and rendered as the VPN service renders them."""

from __future__ import annotations

from typing import Any, Dict, Optional


class ApiError(Exception):
    """An error response: HTTP status, the service's error code and message."""

    def __init__(self, status: int, code: str, message: str, headers: Optional[Dict[str, str]] = None,
                 shape: str = "vpn") -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.shape = shape

    def body(self, request_id: str) -> Dict[str, Any]:
        if self.shape == "keystone":
            # IAM (Keystone) nests its errors and carries no request id in the body.
            return {"error": {"code": self.status, "message": self.message, "title": self.code}}
        return {"error_code": self.code, "error_msg": self.message, "request_id": request_id}


def invalid(message: str) -> ApiError:
    """VPN.0001, the catch-all for a request the service refuses."""
    return ApiError(400, "VPN.0001", f"invalid request: {message}")


def not_found(kind: str = "resource", resource_id: str = "") -> ApiError:
    return ApiError(404, "VPN.0004", "resource not found" if not resource_id else
                    f"resource not found: {kind} {resource_id}")


def not_ready(kind: str, resource_id: str, status: str) -> ApiError:
    """The service's answer when a resource is touched while in a pending status (see 4.1.1.4 example c)."""
    current = {"PENDING_CREATE": "CREATING", "PENDING_UPDATE": "UPDATING",
               "PENDING_DELETE": "DELETING"}.get(status, status)
    return ApiError(409, "VPN.0003", f"resource (type={kind}, ID={resource_id}) is not ready, currently {current}")


def coded(code: str, *args: Any) -> ApiError:
    """An error from the reference's appendix A.3, with its documented status and message."""
    status, template = CODES[code]
    return ApiError(status, code, template % args if args else template.replace("%s", "").strip())


# Appendix A.3 of the API reference: status and message of each documented error code.
CODES: Dict[str, tuple] = {
    "VPN.0001": (400, "invalid request: %s"),
    "VPN.0002": (500, "server error: %s"),
    "VPN.0003": (403, "Authentication failed: %s"),
    "VPN.0004": (404, "resource not found"),
    "VPN.0030": (400, "The system is busy, please try later."),
    "VPN.0031": (400, "Repeated operation."),
    "VPN.0070": (400, "The key algorithm of the certificate %s is not supported."),
    "VPN.0071": (400, "The signature algorithm of the certificate %s is not supported."),
    "VPN.0072": (400, "Certificate %s has expired."),
    "VPN.0073": (400, "Certificate %s has not taken effect."),
    "VPN.0074": (400, "The format of the certificate %s is invalid."),
    "VPN.0075": (400, "The content of the certificate %s is invalid."),
    "VPN.0076": (400, "Certificate %s is not a CA certificate."),
    "VPN.0077": (400, "Duplicate certificate: %s."),
    "VPN.0078": (400, "Invalid format of the CRL %s."),
    "VPN.0079": (400, "Invalid content of the CRL %s."),
    "VPN.0080": (400, "Invalid date of the CRL %s."),
    "VPN.0500": (400, "VPC %s is not found."),
    "VPN.0501": (400, "Interconnection subnet %s is not found."),
    "VPN.0502": (400, "Interconnection subnet %s has insufficient available IP addresses."),
    "VPN.0503": (400, "Interconnection subnet %s does not belong to the VPC %s."),
    "VPN.0504": (400, "The number of connections exceeds the upper limit defined by the specification."),
    "VPN.0505": (400, "Gateway resources are insufficient."),
    "VPN.0506": (400, "The gateway is being created, please try again later."),
    "VPN.0507": (400, "The gateway is being updated, please try again later."),
    "VPN.0508": (400, "The gateway is being deleted."),
    "VPN.0509": (404, "The gateway does not exist."),
    "VPN.0510": (500, "The gateway status is abnormal."),
    "VPN.0511": (500, "The gateway is not ready."),
    "VPN.0512": (400, "The gateway already has an EIP bound."),
    "VPN.0513": (400, "Insufficient gateway quota."),
    "VPN.0514": (400, "Two AZs must be specified."),
    "VPN.0515": (400, "Duplicate AZs."),
    "VPN.0550": (400, "The EIP bandwidth exceeds the upper limit defined by the specification."),
    "VPN.0551": (400, "EIP %s is not found."),
    "VPN.0552": (400, "EIP %s is frozen."),
    "VPN.0553": (400, "EIP %s has been bound to an instance."),
    "VPN.0554": (400, "EIP %s does not have exclusive bandwidth."),
    "VPN.0555": (400, "EIP %s does not belong to a center."),
    "VPN.0556": (400, "EIP type %s is invalid."),
    "VPN.0557": (400, "EIPs of the type %s have been sold out."),
    "VPN.0558": (400, "Incomplete EIP parameters."),
    "VPN.0559": (400, "EIP parameter conflict."),
    "VPN.0560": (400, "EIP quota not enough."),
    "VPN.0561": (400, "EIP quota not found."),
    "VPN.0562": (400, "The current gateway version does not support %s feature."),
    "VPN.0563": (404, "The connection does not exist."),
    "VPN.1100": (400, "The server certificate cannot be empty."),
    "VPN.1101": (400, "At least one client CA certificate is required."),
    "VPN.1102": (400, "The number of servers exceeds the upper limit."),
    "VPN.1103": (400, "CIDR block %s is invalid."),
    "VPN.1104": (400, "CIDR block %s is unavailable."),
    "VPN.1105": (400, "The number of local subnets exceeds the upper limit."),
    "VPN.1106": (400, "Duplicate local subnet: %s."),
    "VPN.1107": (400, "The mask length of the client CIDR block must in the range of 16 to 26."),
    "VPN.1108": (400, "The number of IP addresses in the client CIDR block is less than the number of IP "
                      "addresses required by gateway connections."),
    "VPN.1109": (400, "The client CIDR block conflicts with the VPC route %s."),
    "VPN.1110": (400, "The status of server certificate %s is abnormal."),
    "VPN.1111": (400, "The number of client CA certificates exceeds the upper limit."),
    "VPN.1112": (400, "Server certificate %s is not found."),
    "VPN.1113": (400, "The server is being created, please try again later."),
    "VPN.1114": (400, "The server is being updated, please try again later."),
    "VPN.1115": (404, "Client CA certificate %s does not exist."),
    "VPN.1116": (404, "The server does not exist."),
    "VPN.1117": (500, "The server status is abnormal."),
    "VPN.1118": (400, "The local CIDR block cannot be empty."),
    "VPN.1119": (400, "The client CIDR block conflicts with the local CIDR block %s."),
    "VPN.1120": (400, "Client CRL %s not found."),
    "VPN.1121": (400, "Gateway not bind eip."),
    "VPN.1122": (400, "There are users on the server. Delete them first."),
    "VPN.1123": (400, "There are user groups on the server. Delete them first."),
    "VPN.1124": (400, "There are access policies on the server. Delete them first."),
    "VPN.1125": (400, "There are client CA certificates on the server. Delete them first."),
    "VPN.1300": (400, "The user group name already exists."),
    "VPN.1301": (404, "The user group does not exist."),
    "VPN.1302": (400, "The username already exists."),
    "VPN.1303": (404, "The user does not exist."),
    "VPN.1304": (400, "The user %s has been added to another user group."),
    "VPN.1305": (400, "The user %s is not in the current user group."),
    "VPN.1306": (400, "The number of user groups exceeds the upper limit (50)."),
    "VPN.1307": (400, "The number of users exceeds the upper limit."),
    "VPN.1308": (400, "The password complexity does not meet requirements."),
    "VPN.1309": (400, "The password cannot be the username or the reverse of the username."),
    "VPN.1310": (400, "The password contains invalid characters."),
    "VPN.1311": (400, "The new password cannot be the same as the old one."),
    "VPN.1312": (400, "The old password is incorrect."),
    "VPN.1313": (400, "The user group has been associated with an access policy. Delete the access policy first."),
    "VPN.1314": (400, "The password is weak."),
    "VPN.1315": (400, "Duplicate user %s."),
    "VPN.1316": (400, "Operations on the default user group are not allowed."),
    "VPN.1317": (400, "The username is unavailable."),
    "VPN.1318": (400, "User list is empty."),
    "VPN.1400": (400, "The number of access policies exceeds the upper limit (100)."),
    "VPN.1401": (400, "The access policy does not exist."),
    "VPN.1402": (400, "The number of destination CIDR blocks exceeds the upper limit."),
    "VPN.1403": (400, "The destination CIDR block %s is invalid."),
    "VPN.1404": (400, "Duplicate destination CIDR block %s"),
    "VPN.1405": (400, "The destination CIDR block %s is unavailable."),
    "VPN.1406": (400, "Default access policy cannot be operated."),
    "VPN.1801": (400, "You have orders in progress and cannot perform the current operation."),
}
