"""The signer against huaweicloudsdkcore's own Signer, on many generated requests."""

from __future__ import annotations

import datetime
import random
import string

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from ansible_collections.hwcloud.vpn.plugins.module_utils import signer

AK, SK = "HPUAEXAMPLEACCESSKEY", "sK3xAmPle/SeCrEt+KeY=="
# Characters that exercise RFC 3986 encoding: unreserved, reserved, spaces, unicode.
ALPHABET = string.ascii_letters + string.digits + "-_.~ !*'();:@&=+$,/?#[]%ÄéΩ中"


def sdk_authorization(method, host, path, pairs, headers, body, moment):
    request = SdkRequest(method=method, schema="https", host=host, resource_path=path,
                         query_params=list(pairs), header_params=dict(headers, **{
                             "X-Sdk-Date": moment.strftime(signer.DATE_FORMAT)}), body=body)
    Signer(BasicCredentials(AK, SK)).sign(request)
    return request.header_params["Authorization"]


def ours(method, host, path, pairs, headers, body, moment):
    query = signer.canonical_query(pairs)
    url = "https://%s%s%s" % (host, path, "?" + query if query else "")
    return signer.sign(method, url, dict(headers, Host=host), body, AK, SK, now=moment)["Authorization"]


def random_text(rng, length):
    return "".join(rng.choice(ALPHABET) for unused in range(length))


def generated_cases(count=400, seed=20261125):
    rng = random.Random(seed)
    for index in range(count):
        method = rng.choice(["GET", "POST", "PUT", "DELETE"])
        segments = [rng.choice(["v5", "v5.1", "v3"]), "0a1b2c3d4e5f40718293a4b5c6d7e8f9"] + [
            signer.encode(random_text(rng, rng.randint(1, 12))) for unused in range(rng.randint(0, 4))]
        path = "/" + "/".join(segments) + ("/" if rng.random() < 0.2 else "")
        pairs = []
        for unused in range(rng.randint(0, 5)):
            key = rng.choice(["limit", "marker", "enterprise_project_id", "name", random_text(rng, 5)])
            pairs.append((key, random_text(rng, rng.randint(0, 10))))
        headers = {"Content-Type": "application/json;charset=UTF-8", "User-Agent": "hwcloud.vpn-ansible/0.1.0"}
        if rng.random() < 0.5:
            headers["X-Project-Id"] = "0a1b2c3d4e5f40718293a4b5c6d7e8f9"
        if rng.random() < 0.3:
            headers["X-Security-Token"] = random_text(rng, 40).strip() or "token"
        if rng.random() < 0.2:
            headers["X_Unsigned_Header"] = "underscore names are not signed"
        body = b"" if method in ("GET", "DELETE") and rng.random() < 0.8 else \
            ('{"vpn_gateway": {"name": "%s"}}' % random_text(rng, 8).replace('"', "")).encode()
        moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(
            seconds=rng.randint(0, 10 ** 8))
        host = rng.choice(["vpn.cn-north-4.myhuaweicloud.com", "127.0.0.1:8080", "iam.myhuaweicloud.com"])
        yield pytest.param(method, host, path, pairs, headers, body, moment, id="case%03d" % index)


@pytest.mark.parametrize("method, host, path, pairs, headers, body, moment", list(generated_cases()))
def test_signature_matches_the_sdk(method, host, path, pairs, headers, body, moment):
    assert ours(method, host, path, pairs, headers, body, moment) == \
        sdk_authorization(method, host, path, pairs, headers, body, moment)


def test_known_vector():
    """A literal vector (from huaweicloudsdkcore 3.1.219), so a change on both sides at once cannot pass."""
    moment = datetime.datetime(2026, 11, 25, 12, 0, 0, tzinfo=datetime.timezone.utc)
    headers = signer.sign("GET", "https://vpn.cn-north-4.myhuaweicloud.com/v5/p1/vpn-gateways?limit=10",
                          {"Content-Type": "application/json"}, b"", "AK", "SK", now=moment)
    assert headers["X-Sdk-Date"] == "20261125T120000Z"
    assert headers["Host"] == "vpn.cn-north-4.myhuaweicloud.com"
    assert headers["Authorization"] == (
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-sdk-date, "
        "Signature=1bef1c8f6b3c8bed5c9671c288dc26e63d4023cc7f8ceed8b27daac666e5af06")


def test_canonical_pieces():
    assert signer.canonical_uri("/v5/p/vpn-gateways") == "/v5/p/vpn-gateways/"
    assert signer.canonical_uri("/v5/a%20b/") == "/v5/a%20b/"
    assert signer.canonical_query([("b", "2"), ("a", "x y"), ("a", "1")]) == "a=1&a=x%20y&b=2"
    assert signer.encode("~-._ /") == "~-._%20%2F"
