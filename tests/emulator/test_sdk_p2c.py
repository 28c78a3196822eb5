"""The official SDK (huaweicloudsdkvpn) drives the emulator through the P2C lifecycles: its signed requests must
be accepted, and the emulator's answers must parse into the SDK's models."""

from __future__ import annotations

import time
import uuid

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkvpn.v5 import (
    AddVpnUsersToGroupRequest, AddVpnUserToGroupRequestBody, BatchCreateVpnUsersRequest,
    BatchCreateVpnUsersRequestBody, BatchDeleteVpnUsersRequest, BatchDeleteVpnUsersRequestBody,
    CheckClientCaCertificateRequest, CreateP2cRequestEip, CreateP2cVgwRequest, CreateP2cVgwRequestBody,
    CreateP2cVgwRequestBodyContent, CreateServerRequest, CreateServerRequestBody,
    CreateServerRequestClientCaCertificates, CreateServerRequestServerCertificate, CreateServerRequestSslOptions,
    CreateVpnAccessPolicyRequest, CreateVpnAccessPolicyRequestBody, CreateVpnAccessPolicyRequestBodyContent,
    CreateVpnServerRequest, CreateVpnUser, CreateVpnUserGroupRequest, CreateVpnUserGroupRequestBody,
    CreateVpnUserGroupRequestBodyContent, CreateVpnUserRequest, CreateVpnUserRequestBody,
    CreateVpnUserRequestBodyContent, DeleteClientCaRequest, DeleteP2cVgwConnectionRequest, DeleteP2cVgwRequest,
    DeleteP2cVpnGatewayJobRequest, DeleteVpnAccessPolicyRequest, DeleteVpnConnectionsLogConfigRequest,
    DeleteVpnUserGroupRequest, DeleteVpnUserRequest, ExportClientConfigRequest, ExportClientConfigRequestBody,
    ImportClientCaCertificateRequestBody, ImportClientCaCertificateRequestBodyClientCaCertificate,
    ImportClientCaRequest, ListP2cVgwAvailabilityZonesRequest, ListP2cVgwConnectionsRequest, ListP2cVgwsRequest,
    ListP2cVpnGatewayJobsRequest, ListVpnAccessPoliciesRequest, ListVpnServersByProjectRequest,
    ListVpnServersByVgwRequest, ListVpnUserGroupsRequest, ListVpnUsersInGroupRequest, ListVpnUsersRequest, OpVpnUser,
    RemoveVpnUserFromGroupRequestBody, RemoveVpnUsersFromGroupRequest, ResetVpnUserPasswordRequest,
    ResetVpnUserPasswordRequestBody, ShowClientCaRequest, ShowP2cVgwRequest, ShowVpnAccessPolicyRequest,
    ShowVpnConnectionsLogConfigRequest, ShowVpnUserGroupRequest, ShowVpnUserRequest,
    UpdateClientCaCertificateRequestBody,
    UpdateClientCaCertificateRequestBodyClientCaCertificate, UpdateClientCaRequest, UpdateP2cVgwRequest,
    UpdateP2cVgwRequestBody, UpdateP2cVgwRequestBodyContent, UpdateServerRequest, UpdateServerRequestBody,
    UpdateServerRequestSslOptions, UpdateVpnAccessPolicyRequest, UpdateVpnAccessPolicyRequestBody,
    UpdateVpnAccessPolicyRequestBodyContent, UpdateVpnConnectionsLogConfigRequest, UpdateVpnLogConfigRequestBody,
    UpdateVpnLogConfigRequestBodyContent, UpdateVpnServerRequest, UpdateVpnUserGroupRequest,
    UpdateVpnUserGroupRequestBody, UpdateVpnUserGroupRequestBodyContent, UpdateVpnUserPasswordRequest,
    UpdateVpnUserPasswordRequestBody, UpdateVpnUserRequest, UpdateVpnUserRequestBody, UpdateVpnUserRequestBodyContent,
    UpgradeP2cVpnGatewayRequest, UpgradeRequestBody, VpnClient, VpnResourceTag)
from support.certs import issue
from support.p2c_api import control
from support.signed_client import SignedClient

from emulator.fixtures import fixture_id


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


def new_gateway(sdk, name="sdk-p2c", **extra):
    content = CreateP2cVgwRequestBodyContent(
        name=name, vpc_id=fixture_id("vpc-demo"), connect_subnet=fixture_id("subnet-demo-p2c"),
        eip=CreateP2cRequestEip(type="5_bgp", charge_mode="bandwidth", bandwidth_size=10), **extra)
    created = sdk.create_p2c_vgw(CreateP2cVgwRequest(body=CreateP2cVgwRequestBody(p2c_vpn_gateway=content)))
    return wait_status(lambda: sdk.show_p2c_vgw(ShowP2cVgwRequest(p2c_vgw_id=created.p2c_vpn_gateway.id))
                       .p2c_vpn_gateway, "ACTIVE")


def new_server(sdk, gateway_id, **extra):
    server = CreateServerRequest(client_cidr="172.16.0.0/24", local_subnets=["192.168.0.0/24"],
                                 server_certificate=CreateServerRequestServerCertificate(
                                     id=fixture_id("ccm-cert-p2c-server"), source="CCM"),
                                 ssl_options=CreateServerRequestSslOptions(protocol="TCP", port=443,
                                                                           encryption_algorithm="AES-128-GCM",
                                                                           is_compressed=False), **extra)
    sdk.create_vpn_server(CreateVpnServerRequest(p2c_vgw_id=gateway_id, x_client_token=str(uuid.uuid4()),
                                                 body=CreateServerRequestBody(vpn_server=server)))
    return wait_status(lambda: sdk.list_vpn_servers_by_vgw(ListVpnServersByVgwRequest(p2c_vgw_id=gateway_id))
                       .vpn_servers[0], "ACTIVE")


def test_gateway_lifecycle(sdk, emulator):
    zones = sdk.list_p2c_vgw_availability_zones(ListP2cVgwAvailabilityZonesRequest(flavor="Professional1"))
    assert zones.availability_zones == ["cn-north-4a", "cn-north-4b"]
    gateway = new_gateway(sdk, max_connection_number=20, availability_zone_ids=zones.availability_zones,
                          tags=[VpnResourceTag(key="env", value="test")])
    assert gateway.max_connection_number == 20 and gateway.eip.bandwidth_size == 10
    assert gateway.tags[0].key == "env" and gateway.admin_state_up is True
    new_gateway(sdk, name="sdk-p2c-2")
    first = sdk.list_p2c_vgws(ListP2cVgwsRequest(limit=1))
    rest = sdk.list_p2c_vgws(ListP2cVgwsRequest(limit=1, marker=first.page_info.next_marker))
    assert first.total_count == 2 and [g.name for g in first.p2c_vpn_gateways + rest.p2c_vpn_gateways] == \
        ["sdk-p2c", "sdk-p2c-2"]

    update = UpdateP2cVgwRequestBody(p2c_vpn_gateway=UpdateP2cVgwRequestBodyContent(name="sdk-p2c-renamed"))
    assert sdk.update_p2c_vgw(UpdateP2cVgwRequest(p2c_vgw_id=gateway.id, body=update)).p2c_vpn_gateway.id == \
        gateway.id

    log = UpdateVpnLogConfigRequestBodyContent(log_group_id=fixture_id("lts-group-vpn"),
                                               log_stream_id=fixture_id("lts-stream-p2c"))
    sdk.update_vpn_connections_log_config(UpdateVpnConnectionsLogConfigRequest(
        p2c_vgw_id=gateway.id, body=UpdateVpnLogConfigRequestBody(log_config=log)))
    shown = sdk.show_vpn_connections_log_config(ShowVpnConnectionsLogConfigRequest(p2c_vgw_id=gateway.id))
    assert shown.log_config.log_stream_id == fixture_id("lts-stream-p2c")
    sdk.delete_vpn_connections_log_config(DeleteVpnConnectionsLogConfigRequest(p2c_vgw_id=gateway.id))

    job_id = sdk.upgrade_p2c_vpn_gateway(UpgradeP2cVpnGatewayRequest(
        p2c_vgw_id=gateway.id, body=UpgradeRequestBody(action="start"))).job_id
    wait_status(lambda: sdk.show_p2c_vgw(ShowP2cVgwRequest(p2c_vgw_id=gateway.id)).p2c_vpn_gateway,
                "PENDING_UPGRADE_CONFIRM")
    sdk.upgrade_p2c_vpn_gateway(UpgradeP2cVpnGatewayRequest(p2c_vgw_id=gateway.id,
                                                            body=UpgradeRequestBody(action="finish")))
    jobs = sdk.list_p2c_vpn_gateway_jobs(ListP2cVpnGatewayJobsRequest(resource_id=gateway.id)).jobs
    assert [(j.id, j.status) for j in jobs] == [(job_id, "success")]
    sdk.delete_p2c_vpn_gateway_job(DeleteP2cVpnGatewayJobRequest(job_id=job_id))

    sdk.delete_p2c_vgw(DeleteP2cVgwRequest(p2c_vgw_id=gateway.id))
    deadline = time.monotonic() + 10
    while True:
        try:
            sdk.show_p2c_vgw(ShowP2cVgwRequest(p2c_vgw_id=gateway.id))
        except ClientRequestException as error:
            assert error.status_code == 404
            break
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_server_lifecycle(sdk):
    gateway = new_gateway(sdk)
    ca = issue("SDK Clients CA", ca=True)
    server = new_server(sdk, gateway.id, client_auth_type="CERT", client_ca_certificates=[
        CreateServerRequestClientCaCertificates(name="sdk-ca", content=ca.pem)])
    assert server.server_certificate.source == "CCM" and server.ssl_options.authentication_algorithm == "SHA256"
    assert server.client_ca_certificates[0].serial_number == ca.serial
    assert [s.id for s in sdk.list_vpn_servers_by_project(ListVpnServersByProjectRequest(limit=10)).vpn_servers] == \
        [server.id]

    other = issue("SDK Other CA", ca=True)
    other_body = ImportClientCaCertificateRequestBody(
        client_ca_certificate=ImportClientCaCertificateRequestBodyClientCaCertificate(name="other", content=other.pem))
    checked = sdk.check_client_ca_certificate(CheckClientCaCertificateRequest(body=other_body))
    assert checked.serial_number == other.serial and checked.expiration_time is not None
    imported = sdk.import_client_ca(ImportClientCaRequest(
        vpn_server_id=server.id, x_client_token=str(uuid.uuid4()), body=ImportClientCaCertificateRequestBody(
            client_ca_certificate=ImportClientCaCertificateRequestBodyClientCaCertificate(content=other.pem))))
    ca_id = imported.client_ca_certificate.id
    sdk.update_client_ca(UpdateClientCaRequest(
        vpn_server_id=server.id, client_ca_certificate_id=ca_id, body=UpdateClientCaCertificateRequestBody(
            client_ca_certificate=UpdateClientCaCertificateRequestBodyClientCaCertificate(name="partners"))))
    shown = sdk.show_client_ca(ShowClientCaRequest(vpn_server_id=server.id, client_ca_certificate_id=ca_id))
    assert shown.client_ca_certificate.name == "partners"
    sdk.delete_client_ca(DeleteClientCaRequest(vpn_server_id=server.id, client_ca_certificate_id=ca_id))

    sdk.update_vpn_server(UpdateVpnServerRequest(vpn_server_id=server.id, body=UpdateServerRequestBody(
        vpn_server=UpdateServerRequest(local_subnets=["192.168.0.0/24", "192.168.1.0/24"], dns_servers=["10.0.0.2"],
                                       ssl_options=UpdateServerRequestSslOptions(port=1194)))))
    updated = wait_status(lambda: sdk.list_vpn_servers_by_vgw(ListVpnServersByVgwRequest(p2c_vgw_id=gateway.id))
                          .vpn_servers[0], "ACTIVE")
    assert updated.ssl_options.port == 1194 and updated.dns_servers == ["10.0.0.2"]
    exported = sdk.export_client_config(ExportClientConfigRequest(
        vpn_server_id=server.id, body=ExportClientConfigRequestBody(os_type="Linux"))).client_config
    assert f"remote {gateway.eip.ip_address} 1194" in exported and "auth-user-pass" not in exported
    assert sdk.export_client_config(ExportClientConfigRequest(vpn_server_id=server.id)).client_config != exported


def test_users_groups_policies_and_connections(sdk, emulator):
    gateway = new_gateway(sdk)
    server = new_server(sdk, gateway.id)
    group = sdk.create_vpn_user_group(CreateVpnUserGroupRequest(
        vpn_server_id=server.id, x_client_token=str(uuid.uuid4()), body=CreateVpnUserGroupRequestBody(
            user_group=CreateVpnUserGroupRequestBodyContent(name="sdk-group", description="SDK")))).user_group
    user = sdk.create_vpn_user(CreateVpnUserRequest(vpn_server_id=server.id, body=CreateVpnUserRequestBody(
        user=CreateVpnUserRequestBodyContent(name="sdk-user", password="Sdk-Secret-1", user_group_id=group.id,
                                             static_ip="172.16.0.9")))).user
    refused = sdk.batch_create_vpn_users(BatchCreateVpnUsersRequest(
        vpn_server_id=server.id, x_client_token=str(uuid.uuid4()), body=BatchCreateVpnUsersRequestBody(users=[
            CreateVpnUser(name="sdk-user", password="Sdk-Secret-1"),
            CreateVpnUser(name="sdk-user-2", password="Sdk-Secret-2")])))
    assert [(u.name, u.cause) for u in refused.invalid_users] == [("sdk-user", "The username already exists.")]
    batch = [CreateVpnUser(name=f"batch-{n}", password="Sdk-Secret-2", user_group_name="sdk-group") for n in range(3)]
    created = sdk.batch_create_vpn_users(BatchCreateVpnUsersRequest(
        vpn_server_id=server.id, body=BatchCreateVpnUsersRequestBody(users=batch)))
    assert created.invalid_users == []
    first = sdk.list_vpn_users(ListVpnUsersRequest(vpn_server_id=server.id, limit=2))
    rest = sdk.list_vpn_users(ListVpnUsersRequest(vpn_server_id=server.id, limit=2,
                                                  marker=first.page_info.next_marker))
    users = first.users + rest.users
    assert first.total_count == 4 and [u.name for u in users] == ["sdk-user", "batch-0", "batch-1", "batch-2"]
    assert users[0].static_ip == "172.16.0.9" and users[0].created_at is not None

    sdk.update_vpn_user(UpdateVpnUserRequest(vpn_server_id=server.id, user_id=user.id, body=UpdateVpnUserRequestBody(
        user=UpdateVpnUserRequestBodyContent(description="Updated"))))
    shown = sdk.show_vpn_user(ShowVpnUserRequest(vpn_server_id=server.id, user_id=user.id)).user
    assert shown.description == "Updated" and shown.user_group_name == "sdk-group"
    sdk.update_vpn_user_password(UpdateVpnUserPasswordRequest(
        vpn_server_id=server.id, user_id=user.id, body=UpdateVpnUserPasswordRequestBody(
            old_password="Sdk-Secret-1", new_password="Sdk-Secret-3")))
    with pytest.raises(ClientRequestException) as history:
        reset = ResetVpnUserPasswordRequestBody(new_password="Sdk-Secret-1")
        sdk.reset_vpn_user_password(ResetVpnUserPasswordRequest(vpn_server_id=server.id, user_id=user.id, body=reset))
    assert history.value.error_code == "VPN.1311"

    members = sdk.list_vpn_users_in_group(ListVpnUsersInGroupRequest(vpn_server_id=server.id, group_id=group.id))
    assert members.total_count == 4
    batch_ids = [u.id for u in users[1:]]
    sdk.remove_vpn_users_from_group(RemoveVpnUsersFromGroupRequest(
        vpn_server_id=server.id, group_id=group.id, body=RemoveVpnUserFromGroupRequestBody(
            users=[OpVpnUser(id=i) for i in batch_ids])))
    sdk.add_vpn_users_to_group(AddVpnUsersToGroupRequest(vpn_server_id=server.id, group_id=group.id,
                                                         body=AddVpnUserToGroupRequestBody(
                                                             users=[OpVpnUser(id=batch_ids[0])])))
    sdk.update_vpn_user_group(UpdateVpnUserGroupRequest(vpn_server_id=server.id, group_id=group.id,
                                                        body=UpdateVpnUserGroupRequestBody(
                                                            user_group=UpdateVpnUserGroupRequestBodyContent(
                                                                name="sdk-group-2"))))
    shown_group = sdk.show_vpn_user_group(ShowVpnUserGroupRequest(vpn_server_id=server.id, group_id=group.id))
    assert shown_group.user_group.name == "sdk-group-2" and shown_group.user_group.user_number == 2
    groups = sdk.list_vpn_user_groups(ListVpnUserGroupsRequest(vpn_server_id=server.id)).user_groups
    assert sorted((g.name, g.type) for g in groups) == [("default", "Default"), ("sdk-group-2", "Custom")]

    policy = sdk.create_vpn_access_policy(CreateVpnAccessPolicyRequest(
        vpn_server_id=server.id, x_client_token=str(uuid.uuid4()), body=CreateVpnAccessPolicyRequestBody(
            access_policy=CreateVpnAccessPolicyRequestBodyContent(name="sdk-policy", user_group_id=group.id,
                                                                  dest_ip_cidrs=["192.168.0.0/24"])))).access_policy
    sdk.update_vpn_access_policy(UpdateVpnAccessPolicyRequest(
        vpn_server_id=server.id, policy_id=policy.id, body=UpdateVpnAccessPolicyRequestBody(
            access_policy=UpdateVpnAccessPolicyRequestBodyContent(dest_ip_cidrs=["192.168.0.0/24", "10.0.0.0/8"]))))
    shown_policy = sdk.show_vpn_access_policy(
        ShowVpnAccessPolicyRequest(vpn_server_id=server.id, policy_id=policy.id)).access_policy
    assert shown_policy.user_group_name == "sdk-group-2" and len(shown_policy.dest_ip_cidrs) == 2
    with pytest.raises(ClientRequestException) as in_use:
        sdk.delete_vpn_user_group(DeleteVpnUserGroupRequest(vpn_server_id=server.id, group_id=group.id))
    assert in_use.value.error_code == "VPN.1313"
    assert len(sdk.list_vpn_access_policies(ListVpnAccessPoliciesRequest(vpn_server_id=server.id)).access_policies) == 1
    sdk.delete_vpn_access_policy(DeleteVpnAccessPolicyRequest(vpn_server_id=server.id, policy_id=policy.id))
    sdk.delete_vpn_user_group(DeleteVpnUserGroupRequest(vpn_server_id=server.id, group_id=group.id))

    for user_name in ("sdk-user", "batch-0"):  # clients connect (a control path of the emulator)
        control(SignedClient(emulator), "POST", f"p2c-vpn-gateways/{gateway.id}/connections",
                {"client_user_name": user_name})
    connections = sdk.list_p2c_vgw_connections(ListP2cVgwConnectionsRequest(p2c_vgw_id=gateway.id, limit=1, offset=1))
    assert connections.total_count == 2 and len(connections.connections) == 1
    assert connections.connections[0].client_user_name == "batch-0"
    sdk.delete_p2c_vgw_connection(DeleteP2cVgwConnectionRequest(
        p2c_vgw_id=gateway.id, connection_id=connections.connections[0].connection_id))
    sdk.delete_vpn_user(DeleteVpnUserRequest(vpn_server_id=server.id, user_id=user.id))
    assert sdk.list_p2c_vgw_connections(ListP2cVgwConnectionsRequest(p2c_vgw_id=gateway.id)).total_count == 0
    sdk.batch_delete_vpn_users(BatchDeleteVpnUsersRequest(vpn_server_id=server.id, body=BatchDeleteVpnUsersRequestBody(
        users=[OpVpnUser(id=i) for i in batch_ids])))
    assert sdk.list_vpn_users(ListVpnUsersRequest(vpn_server_id=server.id)).total_count == 0
