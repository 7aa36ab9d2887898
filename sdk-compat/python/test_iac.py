"""Infrastructure as code through boto3 and the AWS CLI (issue 3): the resources a CDK/Terraform stack
creates for a user pool, each described, updated and deleted in reverse order, plus users, groups and
ListUsers filters and pagination."""

from __future__ import annotations

import pytest

from emulator import unique

API = "https://api.example.com"
# A resource server named without a URL, for the CLI subset (conftest also turns off its URL fetching).
CLI_API = "orders-api"
GOOGLE_DETAILS = {
    "client_id": "google-client-id.apps.googleusercontent.com",
    "client_secret": "google-client-secret",
    "authorize_scopes": "profile email openid",
}


def _schema():
    return [
        {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
        {
            "Name": "tenant",
            "AttributeDataType": "String",
            "Mutable": True,
            "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"},
        },
        {
            "Name": "level",
            "AttributeDataType": "Number",
            "Mutable": True,
            "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "10"},
        },
    ]


def _attrs(user: dict) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in user.get("Attributes", user.get("UserAttributes", []))}


def _stack(idp):
    """Creates the whole stack and returns the ids; each step checks what describe answers."""
    name = unique("iac")
    pool = idp.create_user_pool(
        PoolName=name,
        Schema=_schema(),
        AutoVerifiedAttributes=["email"],
        Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireNumbers": True}},
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": False},
        UserPoolTags={"stack": name},
    )["UserPool"]
    pool_id = pool["Id"]
    described = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    schema = {a["Name"]: a for a in described["SchemaAttributes"]}
    assert schema["custom:tenant"]["AttributeDataType"] == "String"
    assert schema["custom:tenant"]["StringAttributeConstraints"] == {"MinLength": "1", "MaxLength": "64"}
    assert schema["custom:level"]["AttributeDataType"] == "Number"
    assert schema["custom:level"]["NumberAttributeConstraints"] == {"MinValue": "0", "MaxValue": "10"}
    assert schema["email"]["Required"] is True
    assert "sub" in schema and schema["sub"]["Mutable"] is False
    assert described["AutoVerifiedAttributes"] == ["email"]
    assert described["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
    assert described["UserPoolTags"] == {"stack": name}

    rs = idp.create_resource_server(
        UserPoolId=pool_id,
        Identifier=API,
        Name="api",
        Scopes=[
            {"ScopeName": "read", "ScopeDescription": "read things"},
            {"ScopeName": "write", "ScopeDescription": "write things"},
        ],
    )["ResourceServer"]
    assert rs["Identifier"] == API and rs["UserPoolId"] == pool_id
    rs = idp.describe_resource_server(UserPoolId=pool_id, Identifier=API)["ResourceServer"]
    assert {s["ScopeName"] for s in rs["Scopes"]} == {"read", "write"}

    provider = idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails=GOOGLE_DETAILS,
        AttributeMapping={"email": "email", "username": "sub"},
    )["IdentityProvider"]
    assert provider["ProviderName"] == "Google" and provider["ProviderType"] == "Google"
    provider = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Google")["IdentityProvider"]
    for k, v in GOOGLE_DETAILS.items():
        assert provider["ProviderDetails"][k] == v
    assert provider["AttributeMapping"]["email"] == "email"

    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email", f"{API}/read"],
        CallbackURLs=["https://app.example.com/callback"],
        LogoutURLs=["https://app.example.com/"],
        SupportedIdentityProviders=["COGNITO", "Google"],
    )["UserPoolClient"]
    client_id = client["ClientId"]
    assert client["ClientSecret"]
    described_client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert described_client["ClientSecret"] == client["ClientSecret"]
    assert described_client["AllowedOAuthFlows"] == ["code"]
    assert set(described_client["AllowedOAuthScopes"]) == {"openid", "email", f"{API}/read"}
    assert set(described_client["SupportedIdentityProviders"]) == {"COGNITO", "Google"}
    assert described_client["CallbackURLs"] == ["https://app.example.com/callback"]

    m2m = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="m2m",
        GenerateSecret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=[f"{API}/read", f"{API}/write"],
    )["UserPoolClient"]

    domain = unique("iacdomain")
    idp.create_user_pool_domain(Domain=domain, UserPoolId=pool_id)
    desc = idp.describe_user_pool_domain(Domain=domain)["DomainDescription"]
    assert desc["UserPoolId"] == pool_id
    assert desc["Domain"] == domain
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Domain"] == domain

    idp.create_group(UserPoolId=pool_id, GroupName="admins", Description="administrators", Precedence=1)
    idp.create_group(UserPoolId=pool_id, GroupName="readers", Precedence=5)
    group = idp.get_group(UserPoolId=pool_id, GroupName="admins")["Group"]
    assert group["Description"] == "administrators" and group["Precedence"] == 1

    return {
        "pool_id": pool_id,
        "client_id": client_id,
        "m2m_id": m2m["ClientId"],
        "domain": domain,
    }


def _create_users(idp, emulator, pool_id):
    people = [
        ("alice", "Alice", "alice@example.com"),
        ("alfred", "Alfred", "alfred@example.com"),
        ("bob", "Bob", "bob@example.com"),
        ("alina", "Alina", "alina@example.com"),
        ("carol", "Carol", "carol@example.com"),
    ]
    for username, given, email in people:
        user = idp.admin_create_user(
            UserPoolId=pool_id,
            Username=username,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "given_name", "Value": given},
                {"Name": "custom:tenant", "Value": "acme"},
            ],
            DesiredDeliveryMediums=["EMAIL"],
        )["User"]
        assert user["Username"] == username
        assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
        assert _attrs(user)["custom:tenant"] == "acme"
        invitations = emulator.messages(user_pool_id=pool_id, username=username)
        assert len(invitations) == 1
        invitation = invitations[0]
        assert invitation["destination"] == email
        assert invitation["deliveryMedium"] == "EMAIL"
        assert invitation["temporaryPassword"]
        assert invitation["temporaryPassword"] in invitation["body"]
    return people


def test_iac_stack_create_describe_update_delete(idp, emulator):
    ids = _stack(idp)
    pool_id, client_id = ids["pool_id"], ids["client_id"]
    people = _create_users(idp, emulator, pool_id)

    # Groups and membership.
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="alice", GroupName="admins")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="bob", GroupName="admins")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="carol", GroupName="readers")
    in_admins = idp.list_users_in_group(UserPoolId=pool_id, GroupName="admins")["Users"]
    assert {u["Username"] for u in in_admins} == {"alice", "bob"}
    groups = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username="alice")["Groups"]
    assert [g["GroupName"] for g in groups] == ["admins"]
    listed_groups = idp.list_groups(UserPoolId=pool_id)["Groups"]
    assert {g["GroupName"] for g in listed_groups} == {"admins", "readers"}

    # ListUsers filters.
    by_email = idp.list_users(UserPoolId=pool_id, Filter='email = "bob@example.com"')["Users"]
    assert [u["Username"] for u in by_email] == ["bob"]
    prefixed = idp.list_users(UserPoolId=pool_id, Filter='given_name ^= "Al"')["Users"]
    assert {u["Username"] for u in prefixed} == {"alice", "alfred", "alina"}
    nobody = idp.list_users(UserPoolId=pool_id, Filter='email = "nobody@example.com"')["Users"]
    assert nobody == []
    only_email = idp.list_users(UserPoolId=pool_id, Filter='username = "carol"', AttributesToGet=["email"])
    assert [(u["Username"], _attrs(u)) for u in only_email["Users"]] == [("carol", {"email": "carol@example.com"})]
    status = idp.list_users(UserPoolId=pool_id, Filter='cognito:user_status = "FORCE_CHANGE_PASSWORD"')
    assert len(status["Users"]) == len(people)

    # ListUsers pagination by hand and through the paginator.
    seen: list[str] = []
    kwargs = {"UserPoolId": pool_id, "Limit": 2}
    while True:
        page = idp.list_users(**kwargs)
        assert len(page["Users"]) <= 2
        seen.extend(u["Username"] for u in page["Users"])
        if "PaginationToken" not in page:
            break
        kwargs["PaginationToken"] = page["PaginationToken"]
    assert sorted(seen) == sorted(p[0] for p in people)
    paginated = [
        u["Username"]
        for page in idp.get_paginator("list_users").paginate(UserPoolId=pool_id, PaginationConfig={"PageSize": 2})
        for u in page["Users"]
    ]
    assert sorted(paginated) == sorted(seen)
    group_pages = [
        u["Username"]
        for page in idp.get_paginator("list_users_in_group").paginate(
            UserPoolId=pool_id, GroupName="admins", PaginationConfig={"PageSize": 1}
        )
        for u in page["Users"]
    ]
    assert sorted(group_pages) == ["alice", "bob"]

    # Updates.
    idp.update_resource_server(
        UserPoolId=pool_id,
        Identifier=API,
        Name="api-v2",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "read"}, {"ScopeName": "admin", "ScopeDescription": "all"}],
    )
    rs = idp.describe_resource_server(UserPoolId=pool_id, Identifier=API)["ResourceServer"]
    assert rs["Name"] == "api-v2"
    assert {s["ScopeName"] for s in rs["Scopes"]} == {"read", "admin"}

    idp.update_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Google",
        AttributeMapping={"email": "email", "given_name": "given_name", "username": "sub"},
    )
    provider = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Google")["IdentityProvider"]
    assert provider["AttributeMapping"]["given_name"] == "given_name"

    updated = idp.update_user_pool_client(
        UserPoolId=pool_id,
        ClientId=client_id,
        ClientName="web-v2",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code", "implicit"],
        AllowedOAuthScopes=["openid", f"{API}/read", f"{API}/admin"],
        CallbackURLs=["https://app.example.com/callback", "https://app.example.com/cb2"],
        SupportedIdentityProviders=["COGNITO", "Google"],
    )["UserPoolClient"]
    assert updated["ClientName"] == "web-v2"
    assert set(updated["AllowedOAuthFlows"]) == {"code", "implicit"}
    assert "ClientSecret" in idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]

    idp.update_group(UserPoolId=pool_id, GroupName="readers", Description="read only", Precedence=3)
    group = idp.get_group(UserPoolId=pool_id, GroupName="readers")["Group"]
    assert group["Description"] == "read only" and group["Precedence"] == 3

    idp.admin_update_user_attributes(
        UserPoolId=pool_id,
        Username="bob",
        UserAttributes=[{"Name": "custom:level", "Value": "7"}, {"Name": "given_name", "Value": "Robert"}],
    )
    bob = idp.admin_get_user(UserPoolId=pool_id, Username="bob")
    assert _attrs(bob)["custom:level"] == "7"
    assert _attrs(bob)["given_name"] == "Robert"

    idp.update_user_pool(
        UserPoolId=pool_id,
        AutoVerifiedAttributes=["email"],
        UserPoolTags={"stack": "updated"},
        Policies={"PasswordPolicy": {"MinimumLength": 12}},
    )
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["UserPoolTags"] == {"stack": "updated"}
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    # Schema (custom attributes) survives UpdateUserPool, and AddCustomAttributes extends it.
    idp.add_custom_attributes(
        UserPoolId=pool_id, CustomAttributes=[{"Name": "plan", "AttributeDataType": "String", "Mutable": True}]
    )
    names = {a["Name"] for a in idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]}
    assert {"custom:tenant", "custom:level", "custom:plan"} <= names

    # Delete in reverse order, each one gone afterwards.
    for username, _, _ in people:
        idp.admin_delete_user(UserPoolId=pool_id, Username=username)
        with pytest.raises(idp.exceptions.UserNotFoundException):
            idp.admin_get_user(UserPoolId=pool_id, Username=username)
    for group_name in ("readers", "admins"):
        idp.delete_group(UserPoolId=pool_id, GroupName=group_name)
        with pytest.raises(idp.exceptions.ResourceNotFoundException):
            idp.get_group(UserPoolId=pool_id, GroupName=group_name)
    idp.delete_user_pool_domain(Domain=ids["domain"], UserPoolId=pool_id)
    assert idp.describe_user_pool_domain(Domain=ids["domain"])["DomainDescription"] == {}
    for cid in (ids["m2m_id"], client_id):
        idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=cid)
        with pytest.raises(idp.exceptions.ResourceNotFoundException):
            idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=cid)
    idp.delete_identity_provider(UserPoolId=pool_id, ProviderName="Google")
    with pytest.raises(idp.exceptions.ResourceNotFoundException):
        idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Google")
    idp.delete_resource_server(UserPoolId=pool_id, Identifier=API)
    with pytest.raises(idp.exceptions.ResourceNotFoundException):
        idp.describe_resource_server(UserPoolId=pool_id, Identifier=API)
    idp.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(idp.exceptions.ResourceNotFoundException):
        idp.describe_user_pool(UserPoolId=pool_id)


def test_iac_client_scope_must_exist_on_a_resource_server(idp):
    pool_id = idp.create_user_pool(PoolName=unique("iac"))["UserPool"]["Id"]
    with pytest.raises(idp.exceptions.ScopeDoesNotExistException):
        idp.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="bad",
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthFlows=["code"],
            AllowedOAuthScopes=["https://nowhere.example.com/read"],
            CallbackURLs=["https://app.example.com/callback"],
            SupportedIdentityProviders=["COGNITO"],
        )


def test_iac_client_with_unknown_identity_provider_is_refused(idp):
    pool_id = idp.create_user_pool(PoolName=unique("iac"))["UserPool"]["Id"]
    with pytest.raises(idp.exceptions.InvalidParameterException):
        idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="bad", SupportedIdentityProviders=["COGNITO", "Google"]
        )


def test_iac_duplicate_domain_is_refused(idp):
    domain = unique("dupdomain")
    first = idp.create_user_pool(PoolName=unique("iac"))["UserPool"]["Id"]
    second = idp.create_user_pool(PoolName=unique("iac"))["UserPool"]["Id"]
    idp.create_user_pool_domain(Domain=domain, UserPoolId=first)
    with pytest.raises(idp.exceptions.InvalidParameterException):
        idp.create_user_pool_domain(Domain=domain, UserPoolId=second)


def test_iac_cli_subset(aws, emulator):
    """The same stack, in part, through the AWS CLI: pool with a custom attribute, resource server, secret
    client with OAuth scopes, domain, group, admin-created user, list-users filter, then deletes."""
    created = aws(
        "cognito-idp", "create-user-pool", "--pool-name", unique("cli-iac"),
        "--schema", "Name=tenant,AttributeDataType=String,Mutable=true",
        "--auto-verified-attributes", "email",
    )
    assert created.code == 0, created.stderr
    pool_id = created.json["UserPool"]["Id"]
    assert "custom:tenant" in {a["Name"] for a in created.json["UserPool"]["SchemaAttributes"]}

    rs = aws("cognito-idp", "create-resource-server", "--user-pool-id", pool_id, "--identifier", CLI_API,
             "--name", "api", "--scopes", "ScopeName=read,ScopeDescription=read")
    assert rs.code == 0, rs.stderr
    client = aws("cognito-idp", "create-user-pool-client", "--user-pool-id", pool_id, "--client-name", "web",
                 "--generate-secret", "--allowed-o-auth-flows-user-pool-client",
                 "--allowed-o-auth-flows", "code", "--allowed-o-auth-scopes", "openid", f"{CLI_API}/read",
                 "--callback-urls", "https://app.example.com/callback",
                 "--supported-identity-providers", "COGNITO")
    assert client.code == 0, client.stderr
    client_id = client.json["UserPoolClient"]["ClientId"]
    assert client.json["UserPoolClient"]["ClientSecret"]
    domain = unique("clidomain")
    assert aws("cognito-idp", "create-user-pool-domain", "--domain", domain, "--user-pool-id", pool_id).code == 0
    d = aws("cognito-idp", "describe-user-pool-domain", "--domain", domain)
    assert d.code == 0 and d.json["DomainDescription"]["UserPoolId"] == pool_id
    assert aws("cognito-idp", "create-group", "--user-pool-id", pool_id, "--group-name", "ops").code == 0

    user = aws("cognito-idp", "admin-create-user", "--user-pool-id", pool_id, "--username", "dana",
               "--user-attributes", "Name=email,Value=dana@example.com", "Name=custom:tenant,Value=acme")
    assert user.code == 0, user.stderr
    assert user.json["User"]["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert emulator.messages(user_pool_id=pool_id, username="dana")[0]["temporaryPassword"]
    assert aws("cognito-idp", "admin-add-user-to-group", "--user-pool-id", pool_id, "--username", "dana",
               "--group-name", "ops").code == 0
    members = aws("cognito-idp", "list-users-in-group", "--user-pool-id", pool_id, "--group-name", "ops")
    assert [u["Username"] for u in members.json["Users"]] == ["dana"]
    found = aws("cognito-idp", "list-users", "--user-pool-id", pool_id, "--filter", 'email = "dana@example.com"')
    assert found.code == 0, found.stderr
    assert [u["Username"] for u in found.json["Users"]] == ["dana"]

    for args in (
        ("admin-delete-user", "--user-pool-id", pool_id, "--username", "dana"),
        ("delete-group", "--user-pool-id", pool_id, "--group-name", "ops"),
        ("delete-user-pool-domain", "--domain", domain, "--user-pool-id", pool_id),
        ("delete-user-pool-client", "--user-pool-id", pool_id, "--client-id", client_id),
        ("delete-resource-server", "--user-pool-id", pool_id, "--identifier", CLI_API),
        ("delete-user-pool", "--user-pool-id", pool_id),
    ):
        r = aws("cognito-idp", *args)
        assert r.code == 0, (args, r.stderr)
    gone = aws("cognito-idp", "describe-user-pool", "--user-pool-id", pool_id)
    assert gone.code != 0 and "ResourceNotFoundException" in gone.stderr
