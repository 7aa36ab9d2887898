"""Identity pool lifecycle through boto3."""

import pytest

from emulator import unique


def _create(identity, **kw):
    return identity.create_identity_pool(
        IdentityPoolName=kw.pop("IdentityPoolName", unique("ip").replace("-", "_")),
        AllowUnauthenticatedIdentities=kw.pop("AllowUnauthenticatedIdentities", True),
        **kw,
    )


def test_create_and_describe_identity_pool(identity):
    created = _create(identity, SupportedLoginProviders={"graph.facebook.com": "123"})
    pool_id = created["IdentityPoolId"]
    assert pool_id.startswith("us-east-1:")
    assert created["AllowUnauthenticatedIdentities"] is True
    described = identity.describe_identity_pool(IdentityPoolId=pool_id)
    assert described["IdentityPoolName"] == created["IdentityPoolName"]
    assert described["SupportedLoginProviders"] == {"graph.facebook.com": "123"}


def test_update_identity_pool_replaces_settings(identity):
    created = _create(identity)
    updated = identity.update_identity_pool(
        IdentityPoolId=created["IdentityPoolId"],
        IdentityPoolName="renamed",
        AllowUnauthenticatedIdentities=False,
    )
    assert updated["IdentityPoolName"] == "renamed"
    assert updated["AllowUnauthenticatedIdentities"] is False
    described = identity.describe_identity_pool(IdentityPoolId=created["IdentityPoolId"])
    assert described["IdentityPoolName"] == "renamed"


def test_list_identity_pools_paginates(identity):
    ours = {_create(identity)["IdentityPoolId"] for _ in range(5)}
    seen = []
    kwargs = {"MaxResults": 2}
    while True:
        page = identity.list_identity_pools(**kwargs)
        assert len(page["IdentityPools"]) <= 2
        seen.extend(p["IdentityPoolId"] for p in page["IdentityPools"])
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    assert len(seen) == len(set(seen))
    assert ours <= set(seen)


def test_delete_identity_pool_then_describe_raises_resource_not_found(identity):
    pool_id = _create(identity)["IdentityPoolId"]
    identity.delete_identity_pool(IdentityPoolId=pool_id)
    with pytest.raises(identity.exceptions.ResourceNotFoundException):
        identity.describe_identity_pool(IdentityPoolId=pool_id)


def test_describe_unknown_identity_pool_raises_resource_not_found(identity):
    with pytest.raises(identity.exceptions.ResourceNotFoundException):
        identity.describe_identity_pool(IdentityPoolId="us-east-1:00000000-0000-0000-0000-000000000000")


def test_identity_client_configured_by_env_var(identity, identity_env):
    pool_id = _create(identity)["IdentityPoolId"]
    assert identity_env.describe_identity_pool(IdentityPoolId=pool_id)["IdentityPoolId"] == pool_id
