"""The AWS CLI (v1, from the venv) against the emulator: JSON output parsed, errors as exit codes."""

from emulator import unique


def test_cli_create_describe_delete_user_pool(aws):
    name = unique("cli")
    created = aws("cognito-idp", "create-user-pool", "--pool-name", name)
    assert created.code == 0, created.stderr
    pool_id = created.json["UserPool"]["Id"]
    assert created.json["UserPool"]["Name"] == name

    described = aws("cognito-idp", "describe-user-pool", "--user-pool-id", pool_id)
    assert described.code == 0, described.stderr
    assert described.json["UserPool"]["Id"] == pool_id

    deleted = aws("cognito-idp", "delete-user-pool", "--user-pool-id", pool_id)
    assert deleted.code == 0, deleted.stderr


def test_cli_update_and_list_user_pools(aws):
    pool_id = aws("cognito-idp", "create-user-pool", "--pool-name", unique("cli")).json["UserPool"]["Id"]
    updated = aws("cognito-idp", "update-user-pool", "--user-pool-id", pool_id, "--mfa-configuration", "OFF",
                  "--user-pool-tags", "k=v")
    assert updated.code == 0, updated.stderr
    listed = aws("cognito-idp", "list-user-pools", "--max-results", "60")
    assert listed.code == 0, listed.stderr
    assert pool_id in {p["Id"] for p in listed.json["UserPools"]}


def test_cli_uses_endpoint_env_var(aws):
    created = aws("cognito-idp", "create-user-pool", "--pool-name", unique("cli-env"), endpoint=False)
    assert created.code == 0, created.stderr
    assert created.json["UserPool"]["Id"].startswith("us-east-1_")


def test_cli_unknown_pool_exits_non_zero_with_code(aws):
    r = aws("cognito-idp", "describe-user-pool", "--user-pool-id", "us-east-1_missing")
    assert r.code != 0
    assert "ResourceNotFoundException" in r.stderr


def test_cli_malformed_pool_id_exits_non_zero_with_code(aws):
    r = aws("cognito-idp", "describe-user-pool", "--user-pool-id", "nounderscore")
    assert r.code != 0
    assert "InvalidParameterException" in r.stderr


def test_cli_deletion_protection_refuses_delete(aws):
    pool_id = aws("cognito-idp", "create-user-pool", "--pool-name", unique("cli"), "--deletion-protection",
                  "ACTIVE").json["UserPool"]["Id"]
    r = aws("cognito-idp", "delete-user-pool", "--user-pool-id", pool_id)
    assert r.code != 0
    assert "InvalidParameterException" in r.stderr


def test_cli_identity_pool_lifecycle(aws):
    created = aws("cognito-identity", "create-identity-pool", "--identity-pool-name", "cli_pool",
                  "--allow-unauthenticated-identities")
    assert created.code == 0, created.stderr
    pool_id = created.json["IdentityPoolId"]
    described = aws("cognito-identity", "describe-identity-pool", "--identity-pool-id", pool_id)
    assert described.json["IdentityPoolName"] == "cli_pool"
    listed = aws("cognito-identity", "list-identity-pools", "--max-results", "60")
    assert pool_id in {p["IdentityPoolId"] for p in listed.json["IdentityPools"]}
    assert aws("cognito-identity", "delete-identity-pool", "--identity-pool-id", pool_id).code == 0
    gone = aws("cognito-identity", "describe-identity-pool", "--identity-pool-id", pool_id)
    assert gone.code != 0 and "ResourceNotFoundException" in gone.stderr
