"""A local emulator of the Huawei Cloud VPN v5 API and the IAM calls hwcloud.vpn makes."""
