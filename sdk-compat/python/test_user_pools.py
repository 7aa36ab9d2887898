"""User pool lifecycle through boto3: create, describe, update, list with pagination, delete, errors."""

import datetime

import pytest

from emulator import unique


def test_create_user_pool_returns_aws_defaults(idp):
    name = unique("pool")
    pool = idp.create_user_pool(PoolName=name)["UserPool"]
    assert pool["Name"] == name
    assert pool["Id"].startswith("us-east-1_")
    assert pool["Arn"].endswith(f":userpool/{pool['Id']}")
    assert isinstance(pool["CreationDate"], datetime.datetime)
    assert isinstance(pool["LastModifiedDate"], datetime.datetime)
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert pool["MfaConfiguration"] == "OFF"


def test_describe_user_pool_echoes_created_pool(idp):
    created = idp.create_user_pool(PoolName=unique("pool"), MfaConfiguration="OFF")["UserPool"]
    described = idp.describe_user_pool(UserPoolId=created["Id"])["UserPool"]
    assert described["Id"] == created["Id"]
    assert described["Name"] == created["Name"]
    assert described["Arn"] == created["Arn"]


def test_update_user_pool_changes_settings(idp):
    pool_id = idp.create_user_pool(PoolName=unique("pool"))["UserPool"]["Id"]
    idp.update_user_pool(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        Policies={"PasswordPolicy": {"MinimumLength": 12}},
        UserPoolTags={"team": "compat"},
    )
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert pool["UserPoolTags"] == {"team": "compat"}


def test_list_user_pools_paginates_without_gaps_or_duplicates(idp):
    prefix = unique("page")
    ours = {idp.create_user_pool(PoolName=f"{prefix}-{i}")["UserPool"]["Id"] for i in range(7)}
    seen = []
    kwargs = {"MaxResults": 2}
    while True:
        page = idp.list_user_pools(**kwargs)
        assert len(page["UserPools"]) <= 2
        seen.extend(p["Id"] for p in page["UserPools"])
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert len(seen) == len(set(seen)), "a pool appeared twice"
    assert ours <= set(seen)


def test_list_user_pools_paginator_visits_every_pool(idp):
    prefix = unique("paginator")
    ours = {idp.create_user_pool(PoolName=f"{prefix}-{i}")["UserPool"]["Id"] for i in range(5)}
    paginator = idp.get_paginator("list_user_pools")
    seen = [p["Id"] for page in paginator.paginate(MaxResults=3) for p in page["UserPools"]]
    assert ours <= set(seen)


def test_delete_user_pool_then_describe_raises_resource_not_found(idp):
    pool_id = idp.create_user_pool(PoolName=unique("pool"))["UserPool"]["Id"]
    idp.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(idp.exceptions.ResourceNotFoundException) as exc:
        idp.describe_user_pool(UserPoolId=pool_id)
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert pool_id in exc.value.response["Error"]["Message"]


def test_describe_unknown_pool_raises_resource_not_found(idp):
    with pytest.raises(idp.exceptions.ResourceNotFoundException):
        idp.describe_user_pool(UserPoolId="us-east-1_doesNotExist")


def test_malformed_pool_id_raises_invalid_parameter_with_aws_message(idp):
    with pytest.raises(idp.exceptions.InvalidParameterException) as exc:
        idp.describe_user_pool(UserPoolId="nounderscore")
    assert exc.value.response["Error"]["Message"] == (
        "1 validation error detected: Value 'nounderscore' at 'userPoolId' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+"
    )
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_deletion_protection_active_refuses_delete(idp):
    pool_id = idp.create_user_pool(PoolName=unique("pool"), DeletionProtection="ACTIVE")["UserPool"]["Id"]
    with pytest.raises(idp.exceptions.InvalidParameterException) as exc:
        idp.delete_user_pool(UserPoolId=pool_id)
    assert "deletion protection" in exc.value.response["Error"]["Message"]
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Id"] == pool_id
    idp.update_user_pool(UserPoolId=pool_id, DeletionProtection="INACTIVE")
    idp.delete_user_pool(UserPoolId=pool_id)


def test_client_configured_by_env_var_reaches_emulator(idp, idp_env):
    pool_id = idp.create_user_pool(PoolName=unique("env"))["UserPool"]["Id"]
    assert idp_env.meta.endpoint_url == idp.meta.endpoint_url
    assert idp_env.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Id"] == pool_id

