"""The official SDK (huaweicloudsdkvpn) drives VPN connections and their monitors through their lifecycles on the
emulator: its signed requests are accepted and the answers parse into its models."""

from __future__ import annotations

import time

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkvpn.v5 import (BatchCreateVpnConnectionRequest, BatchCreateVpnConnectionRequestBody,
                                  CreateCgwRequest, CreateCgwRequestBody, CreateCgwRequestBodyContent,
                                  CreateConnectionMonitorRequest, CreateConnectionMonitorRequestBody,
                                  CreateConnectionMonitorRequestBodyContent, CreateRequestEip, CreateVgwRequest,
                                  CreateVgwRequestBody, CreateVgwRequestBodyContent, CreateVpnConnectionRequest,
                                  CreateVpnConnectionRequestBody, CreateVpnConnectionRequestBodyContent,
                                  DeleteConnectionMonitorRequest, DeleteVpnConnectionRequest, Dpd, IkePolicy,
                                  IpsecPolicy, ListConnectionMonitorsRequest, ListVpnConnectionsRequest, PolicyRule,
                                  ResetVpnConnectionRequest, ShowConnectionMonitorRequest, ShowVgwRequest,
                                  ShowVpnConnectionLogRequest, ShowVpnConnectionRequest, UpdateDpd,
                                  UpdateIkePolicy, UpdateVpnConnectionRequest, UpdateVpnConnectionRequestBody,
                                  UpdateVpnConnectionRequestBodyContent, VpnClient, VpnResourceTag)

PSK = "Sdk-Psk-2024"


@pytest.fixture
def sdk(emulator, sdk_home):
    account = emulator.app.config.account
    return VpnClient.new_builder() \
        .with_credentials(BasicCredentials(account.access_key, account.secret_key, account.project_id)) \
        .with_endpoints([emulator.url]).build()


def wait_status(fetch, statuses, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        current = fetch()
        if current.status in statuses or time.monotonic() > deadline:
            assert current.status in statuses
            return current
        time.sleep(0.02)


def wait_gone(fetch, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        try:
            fetch()
        except ClientRequestException as error:
            return error
        assert time.monotonic() < deadline
        time.sleep(0.02)


@pytest.fixture
def site(sdk, ids):
    """An ACTIVE gateway and a customer gateway with a BGP AS number."""
    content = CreateVgwRequestBodyContent(name="sdk-gw", vpc_id=ids["vpc-demo"], connect_subnet=ids["subnet-demo-vpn"],
                                          local_subnets=["192.168.0.0/24"], eip1=CreateRequestEip(id=ids["eip-01"]),
                                          eip2=CreateRequestEip(id=ids["eip-02"]))
    gateway = sdk.create_vgw(CreateVgwRequest(body=CreateVgwRequestBody(vpn_gateway=content))).vpn_gateway
    gateway = wait_status(lambda: sdk.show_vgw(ShowVgwRequest(vgw_id=gateway.id)).vpn_gateway, ["ACTIVE"])
    customer = CreateCgwRequestBodyContent(name="sdk-cgw", id_value="203.0.113.7", bgp_asn=65001)
    customer = sdk.create_cgw(CreateCgwRequest(body=CreateCgwRequestBody(customer_gateway=customer)))
    return gateway, customer.customer_gateway


def show(sdk, connection_id):
    return sdk.show_vpn_connection(ShowVpnConnectionRequest(vpn_connection_id=connection_id)).vpn_connection


def test_connection_lifecycle(sdk, site):
    gateway, customer = site
    content = CreateVpnConnectionRequestBodyContent(
        name="sdk-bgp", vgw_id=gateway.id, vgw_ip=gateway.eip1.id, cgw_id=customer.id, style="bgp",
        peer_subnets=["10.10.0.0/16"], tunnel_local_address="169.254.56.225/30",
        tunnel_peer_address="169.254.56.226/30", enable_hub=True, psk=PSK,
        ikepolicy=IkePolicy(ike_version="v2", authentication_algorithm="sha2-512", encryption_algorithm="aes-256",
                            dh_group="group16", lifetime_seconds=172800, local_id_type="fqdn", local_id="cloud.example",
                            peer_id_type="fqdn", peer_id="branch.example",
                            dpd=Dpd(timeout=30, interval=60, msg="seq-notify-hash")),
        ipsecpolicy=IpsecPolicy(authentication_algorithm="sha2-512", encryption_algorithm="aes-256", pfs="group16",
                                transform_protocol="esp", lifetime_seconds=7200, encapsulation_mode="tunnel"),
        tags=[VpnResourceTag(key="env", value="test")])
    created = sdk.create_vpn_connection(CreateVpnConnectionRequest(
        body=CreateVpnConnectionRequestBody(vpn_connection=content))).vpn_connection
    assert created.style == "BGP" and created.enable_hub is True and created.ikepolicy.dpd.msg == "seq-notify-hash"
    assert created.ipsecpolicy.lifetime_seconds == 7200 and created.tags[0].key == "env"
    connection = wait_status(lambda: show(sdk, created.id), ["ACTIVE"])
    assert connection.bgp_peer.peer_asn == 65001 and connection.bgp_peer.peer_ip_address == "169.254.56.226"

    update = UpdateVpnConnectionRequestBodyContent(
        name="sdk-bgp-2", enable_hub=False, peer_subnets=["10.10.0.0/16", "10.11.0.0/16"],
        ikepolicy=UpdateIkePolicy(lifetime_seconds=3600, dpd=UpdateDpd(interval=120)))
    sdk.update_vpn_connection(UpdateVpnConnectionRequest(
        vpn_connection_id=created.id, body=UpdateVpnConnectionRequestBody(vpn_connection=update)))
    connection = wait_status(lambda: show(sdk, created.id), ["ACTIVE"])
    assert connection.name == "sdk-bgp-2" and connection.enable_hub is False
    assert connection.ikepolicy.lifetime_seconds == 3600 and connection.ikepolicy.dpd.interval == 120
    assert connection.ikepolicy.dpd.timeout == 30 and len(connection.peer_subnets) == 2

    sdk.reset_vpn_connection(ResetVpnConnectionRequest(vpn_connection_id=created.id))
    assert show(sdk, created.id).status == "DOWN"
    logs = sdk.show_vpn_connection_log(ShowVpnConnectionLogRequest(vpn_connection_id=created.id)).logs
    assert len(logs) == 3 and all(isinstance(entry.time, int) for entry in logs)
    assert "reset" in logs[-1].raw_message

    listed = sdk.list_vpn_connections(ListVpnConnectionsRequest(vgw_id=gateway.id, limit=10))
    assert [c.id for c in listed.vpn_connections] == [created.id] and listed.total_count == 1

    wait_status(lambda: show(sdk, created.id), ["ACTIVE"])
    sdk.delete_vpn_connection(DeleteVpnConnectionRequest(vpn_connection_id=created.id))
    error = wait_gone(lambda: show(sdk, created.id))
    assert (error.status_code, error.error_code) == (404, "VPN.0563") and error.request_id


def test_batch_and_monitor_lifecycle(sdk, site):
    gateway, customer = site
    contents = [CreateVpnConnectionRequestBodyContent(
        name="sdk-policy-%d" % index, vgw_id=gateway.id, vgw_ip=eip.id, cgw_id=customer.id, style="policy",
        peer_subnets=["10.20.0.0/16"], psk=PSK,
        policy_rules=[PolicyRule(source="192.168.0.0/24", destination=["10.20.0.0/16"])])
        for index, eip in enumerate((gateway.eip1, gateway.eip2), 1)]
    created = sdk.batch_create_vpn_connection(BatchCreateVpnConnectionRequest(
        body=BatchCreateVpnConnectionRequestBody(vpn_connections=contents))).vpn_connections
    assert [c.name for c in created] == ["sdk-policy-1", "sdk-policy-2"]
    assert created[1].policy_rules[0].rule_index == 1 and created[1].style == "POLICY"
    first = wait_status(lambda: show(sdk, created[0].id), ["ACTIVE", "DOWN"])
    assert first.vgw_ip == gateway.eip1.id

    page = sdk.list_vpn_connections(ListVpnConnectionsRequest(limit=1))
    rest = sdk.list_vpn_connections(ListVpnConnectionsRequest(limit=1, marker=page.page_info.next_marker))
    assert [c.name for c in page.vpn_connections + rest.vpn_connections] == ["sdk-policy-1", "sdk-policy-2"]
    assert sdk.list_vpn_connections(ListVpnConnectionsRequest(vgw_ip=gateway.eip2.id)).vpn_connections[0].name == \
        "sdk-policy-2"

    body = CreateConnectionMonitorRequestBody(
        connection_monitor=CreateConnectionMonitorRequestBodyContent(vpn_connection_id=created[0].id))
    monitor = sdk.create_connection_monitor(CreateConnectionMonitorRequest(body=body)).connection_monitor
    assert monitor.vpn_connection_id == created[0].id and monitor.proto_type == "icmp"
    assert monitor.source_ip == gateway.eip1.ip_address and monitor.destination_ip == customer.id_value
    shown = wait_status(lambda: sdk.show_connection_monitor(
        ShowConnectionMonitorRequest(connection_monitor_id=monitor.id)).connection_monitor, ["ACTIVE"])
    assert shown.type == "gateway"
    listed = sdk.list_connection_monitors(ListConnectionMonitorsRequest(vpn_connection_id=created[0].id))
    assert [m.id for m in listed.connection_monitors] == [monitor.id]
    assert show(sdk, created[0].id).connection_monitor_id == monitor.id

    sdk.delete_connection_monitor(DeleteConnectionMonitorRequest(connection_monitor_id=monitor.id))
    wait_gone(lambda: sdk.show_connection_monitor(ShowConnectionMonitorRequest(connection_monitor_id=monitor.id)))
    with pytest.raises(ClientRequestException) as raised:
        sdk.delete_connection_monitor(DeleteConnectionMonitorRequest(connection_monitor_id=monitor.id))
    assert (raised.value.status_code, raised.value.error_code) == (400, "VPN.0001")

    for connection in created:
        wait_status(lambda: show(sdk, connection.id), ["ACTIVE", "DOWN"])
        sdk.delete_vpn_connection(DeleteVpnConnectionRequest(vpn_connection_id=connection.id))
    for connection in created:
        wait_gone(lambda: show(sdk, connection.id))
    assert sdk.list_vpn_connections(ListVpnConnectionsRequest()).vpn_connections == []


def test_refusals_reach_the_sdk(sdk, site):
    gateway, customer = site
    content = CreateVpnConnectionRequestBodyContent(vgw_id=gateway.id, vgw_ip=gateway.eip1.id, cgw_id=customer.id,
                                                    peer_subnets=["192.168.0.0/25"], psk=PSK)
    with pytest.raises(ClientRequestException) as raised:
        sdk.create_vpn_connection(CreateVpnConnectionRequest(body=CreateVpnConnectionRequestBody(vpn_connection=content)))
    assert (raised.value.status_code, raised.value.error_code) == (400, "VPN.0001")
    assert "overlaps local subnet" in raised.value.error_msg
