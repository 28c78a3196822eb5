"""The official SDK (huaweicloudsdkvpn) as an independent client of the emulator: its signed requests must be
accepted and the emulator's answers must parse into the SDK's models, through whole lifecycles."""

from __future__ import annotations

import time

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkvpn.v5 import (CaCertificateRequest, CreateCgwRequest, CreateCgwRequestBody,
                                  CreateCgwRequestBodyContent, CreateRequestEip, CreateVgwRequest,
                                  CreateVgwRequestBody, CreateVgwRequestBodyContent, DeleteCgwRequest,
                                  DeleteVgwRequest, ListAvailabilityZonesRequest, ListCgwsRequest,
                                  ListExtendedAvailabilityZonesRequest, ListVgwsRequest, ShowCgwRequest,
                                  ShowVgwRequest, ShowVpnGatewayRoutingTableRequest, UpdateCgwRequest,
                                  UpdateCgwRequestBody, UpdateCgwRequestBodyContent,
                                  UpdatePostpaidVgwSpecificationRequest, UpdateVgwSpecificationRequestBody,
                                  UpdateVgwRequest, UpdateVgwRequestBody, UpdateVgwRequestBodyContent,
                                  UpdateVgwSpecificationRequestBodyContent, VpnClient, VpnResourceTag)
from support.certs import issue


@pytest.fixture
def sdk(emulator, sdk_home):
    account = emulator.app.config.account
    return VpnClient.new_builder() \
        .with_credentials(BasicCredentials(account.access_key, account.secret_key, account.project_id)) \
        .with_endpoints([emulator.url]).build()


def wait_status(fetch, status, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        current = fetch()
        if current.status == status or time.monotonic() > deadline:
            assert current.status == status
            return current
        time.sleep(0.02)


def test_customer_gateway_lifecycle(sdk):
    ca = issue("SDK CA", ca=True)
    content = CreateCgwRequestBodyContent(name="sdk-cgw", id_value="203.0.113.7", bgp_asn=65001,
                                          ca_certificate=CaCertificateRequest(content=ca.pem),
                                          tags=[VpnResourceTag(key="env", value="test")])
    created = sdk.create_cgw(CreateCgwRequest(body=CreateCgwRequestBody(customer_gateway=content))).customer_gateway
    assert created.bgp_asn == 65001 and created.ca_certificate.serial_number == ca.serial
    for index in range(3):
        more = CreateCgwRequestBodyContent(name="more-%d" % index, id_type="fqdn", id_value="m%d.example.com" % index)
        sdk.create_cgw(CreateCgwRequest(body=CreateCgwRequestBody(customer_gateway=more)))
    first = sdk.list_cgws(ListCgwsRequest(limit=2))
    assert first.total_count == 4 and len(first.customer_gateways) == 2
    rest = sdk.list_cgws(ListCgwsRequest(limit=2, marker=first.page_info.next_marker))
    names = [g.name for g in first.customer_gateways + rest.customer_gateways]
    assert names == ["sdk-cgw", "more-0", "more-1", "more-2"]

    update = UpdateCgwRequestBody(customer_gateway=UpdateCgwRequestBodyContent(name="sdk-cgw-2"))
    sdk.update_cgw(UpdateCgwRequest(customer_gateway_id=created.id, body=update))
    shown = sdk.show_cgw(ShowCgwRequest(customer_gateway_id=created.id)).customer_gateway
    assert shown.name == "sdk-cgw-2" and shown.tags[0].key == "env"

    sdk.delete_cgw(DeleteCgwRequest(customer_gateway_id=created.id))
    with pytest.raises(ClientRequestException) as raised:
        sdk.show_cgw(ShowCgwRequest(customer_gateway_id=created.id))
    assert raised.value.status_code == 404 and raised.value.error_code == "VPN.0004"
    assert raised.value.request_id


def test_gateway_lifecycle(sdk, ids):
    content = CreateVgwRequestBodyContent(
        name="sdk-gw", vpc_id=ids["vpc-demo"], connect_subnet=ids["subnet-demo-vpn"],
        local_subnets=["192.168.0.0/24"], availability_zone_ids=["cn-north-4a", "cn-north-4b"],
        eip1=CreateRequestEip(id=ids["eip-01"]),
        eip2=CreateRequestEip(type="5_bgp", charge_mode="bandwidth", bandwidth_size=50, bandwidth_name="sdk-bw"),
        tags=[VpnResourceTag(key="env", value="test")])
    created = sdk.create_vgw(CreateVgwRequest(body=CreateVgwRequestBody(vpn_gateway=content))).vpn_gateway
    gateway = wait_status(lambda: sdk.show_vgw(ShowVgwRequest(vgw_id=created.id)).vpn_gateway, "ACTIVE")
    assert gateway.eip1.ip_address == "88.88.1.1" and gateway.eip2.bandwidth_name == "sdk-bw"
    assert gateway.availability_zone_ids == ["cn-north-4a", "cn-north-4b"]
    assert [g.id for g in sdk.list_vgws(ListVgwsRequest()).vpn_gateways] == [created.id]

    update = UpdateVgwRequestBodyContent(name="sdk-gw-2", local_subnets=["192.168.0.0/24", "192.168.1.0/24"])
    sdk.update_vgw(UpdateVgwRequest(vgw_id=created.id, body=UpdateVgwRequestBody(vpn_gateway=update)))
    gateway = wait_status(lambda: sdk.show_vgw(ShowVgwRequest(vgw_id=created.id)).vpn_gateway, "ACTIVE")
    assert gateway.name == "sdk-gw-2" and len(gateway.local_subnets) == 2

    specification = UpdateVgwSpecificationRequestBody(
        vpn_gateway=UpdateVgwSpecificationRequestBodyContent(flavor="Professional2"))
    sdk.update_postpaid_vgw_specification(UpdatePostpaidVgwSpecificationRequest(vgw_id=created.id,
                                                                                body=specification))
    gateway = wait_status(lambda: sdk.show_vgw(ShowVgwRequest(vgw_id=created.id)).vpn_gateway, "ACTIVE")
    assert gateway.flavor == "Professional2" and gateway.connection_number == 1000

    routes = sdk.show_vpn_gateway_routing_table(ShowVpnGatewayRoutingTableRequest(vgw_id=created.id))
    assert routes.routing_table == [] and routes.total_count == 0

    sdk.delete_vgw(DeleteVgwRequest(vgw_id=created.id))
    deadline = time.monotonic() + 10
    while True:
        try:
            sdk.show_vgw(ShowVgwRequest(vgw_id=created.id))
        except ClientRequestException as error:
            assert error.status_code == 404
            break
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_refusals_reach_the_sdk_as_its_exceptions(sdk, ids):
    content = CreateVgwRequestBodyContent(name="bad", vpc_id=ids["vpc-demo"], connect_subnet=ids["subnet-demo-vpn"],
                                          local_subnets=["192.168.0.0/24"], eip1=CreateRequestEip(id=ids["eip-frozen"]),
                                          eip2=CreateRequestEip(id=ids["eip-02"]))
    with pytest.raises(ClientRequestException) as raised:
        sdk.create_vgw(CreateVgwRequest(body=CreateVgwRequestBody(vpn_gateway=content)))
    assert (raised.value.status_code, raised.value.error_code) == (400, "VPN.0552")
    assert ids["eip-frozen"] in raised.value.error_msg


def test_availability_zone_queries(sdk):
    v5 = sdk.list_availability_zones(ListAvailabilityZonesRequest()).availability_zones
    assert v5.professional2.vpc == ["cn-north-4a", "cn-north-4b", "cn-north-4c"]
    v51 = sdk.list_extended_availability_zones(ListExtendedAvailabilityZonesRequest()).availability_zones
    assert {zone.name for zone in v51} == {"cn-north-4a", "cn-north-4b", "cn-north-4c"}
    assert all(spec.attachment_type in ("vpc", "er") for zone in v51 for spec in zone.available_specs)
