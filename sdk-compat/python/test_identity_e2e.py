"""Identity pools end to end through boto3 (issue 6): a user-pool ID token from a real sign-in as the login,
the enhanced flow (GetId → GetCredentialsForIdentity), the classic flow (GetOpenIdToken → STS
AssumeRoleWithWebIdentity), guest access, and STS GetCallerIdentity signed with the issued credentials."""

from __future__ import annotations

import boto3
import jwt
import pytest
from botocore.exceptions import ClientError

from emulator import unique

REGION = "us-east-1"
PASSWORD = "Correct-Horse-9"
ACCOUNT = "123456789012"
AUTH_ROLE = f"arn:aws:iam::{ACCOUNT}:role/CognitoAuthRole"
UNAUTH_ROLE = f"arn:aws:iam::{ACCOUNT}:role/CognitoUnauthRole"


def _provider(pool_id):
    return f"cognito-idp.{REGION}.amazonaws.com/{pool_id}"


@pytest.fixture(scope="module")
def user_pool(idp):
    pool_id = idp.create_user_pool(PoolName=unique("idp-for-identity"))["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="app",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    username = unique("idu")
    idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True)
    tokens = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    return {"pool_id": pool_id, "client_id": client_id, "username": username, **tokens}


def _identity_pool(identity, user_pool, allow_guests=True, classic=False, server_side_check=False):
    pool = identity.create_identity_pool(
        IdentityPoolName=unique("ip").replace("-", "_"),
        AllowUnauthenticatedIdentities=allow_guests,
        AllowClassicFlow=classic,
        CognitoIdentityProviders=[
            {
                "ProviderName": _provider(user_pool["pool_id"]),
                "ClientId": user_pool["client_id"],
                "ServerSideTokenCheck": server_side_check,
            }
        ],
    )
    pool_id = pool["IdentityPoolId"]
    identity.set_identity_pool_roles(
        IdentityPoolId=pool_id, Roles={"authenticated": AUTH_ROLE, "unauthenticated": UNAUTH_ROLE}
    )
    return pool_id


def _sts(emulator, creds=None, secret=None):
    kw = {}
    if creds:
        kw = {
            "aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": secret or creds.get("SecretKey") or creds.get("SecretAccessKey"),
            "aws_session_token": creds["SessionToken"],
        }
    return boto3.client("sts", region_name=REGION, endpoint_url=emulator.url, **kw)


def test_enhanced_flow_with_user_pool_login(identity, emulator, user_pool):
    pool_id = _identity_pool(identity, user_pool)
    logins = {_provider(user_pool["pool_id"]): user_pool["IdToken"]}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    assert identity_id.startswith(f"{REGION}:")
    # The same login maps to the same identity.
    assert identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"] == identity_id

    answer = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)
    assert answer["IdentityId"] == identity_id
    creds = answer["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert creds["SecretKey"] and creds["SessionToken"]
    assert creds["Expiration"].timestamp() > 0

    caller = _sts(emulator, creds).get_caller_identity()
    assert caller["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/CognitoAuthRole/CognitoIdentityCredentials"
    assert caller["Account"] == ACCOUNT
    assert caller["UserId"].endswith(":CognitoIdentityCredentials")

    described = identity.describe_identity(IdentityId=identity_id)
    assert described["Logins"] == [_provider(user_pool["pool_id"])]


def test_issued_credentials_with_a_wrong_secret_fail_the_signature_check(identity, emulator, user_pool):
    pool_id = _identity_pool(identity, user_pool)
    logins = {_provider(user_pool["pool_id"]): user_pool["IdToken"]}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]
    with pytest.raises(ClientError) as exc:
        _sts(emulator, creds, secret="not-the-secret-key").get_caller_identity()
    assert exc.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(ClientError) as exc:
        _sts(emulator, {**creds, "SessionToken": "forged"}).get_caller_identity()
    assert exc.value.response["Error"]["Code"] == "InvalidClientTokenId"


def test_enhanced_flow_refuses_a_login_for_another_client_or_a_bad_token(identity, idp, user_pool):
    pool_id = _identity_pool(identity, user_pool)
    provider = _provider(user_pool["pool_id"])
    header, payload, sig = user_pool["IdToken"].split(".")
    tampered = ".".join([header, payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB"), sig])
    with pytest.raises(identity.exceptions.NotAuthorizedException):
        identity.get_id(IdentityPoolId=pool_id, Logins={provider: tampered})
    with pytest.raises(identity.exceptions.NotAuthorizedException):
        identity.get_id(IdentityPoolId=pool_id, Logins={provider: user_pool["AccessToken"]})
    other_client = idp.create_user_pool_client(UserPoolId=user_pool["pool_id"], ClientName="other")
    other_ip = identity.create_identity_pool(
        IdentityPoolName=unique("ip").replace("-", "_"),
        AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[
            {"ProviderName": provider, "ClientId": other_client["UserPoolClient"]["ClientId"]}
        ],
    )["IdentityPoolId"]
    with pytest.raises(identity.exceptions.NotAuthorizedException):
        identity.get_id(IdentityPoolId=other_ip, Logins={provider: user_pool["IdToken"]})


def test_classic_flow_open_id_token_and_assume_role_with_web_identity(identity, emulator, user_pool):
    pool_id = _identity_pool(identity, user_pool, classic=True)
    logins = {_provider(user_pool["pool_id"]): user_pool["IdToken"]}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    answer = identity.get_open_id_token(IdentityId=identity_id, Logins=logins)
    assert answer["IdentityId"] == identity_id
    token = answer["Token"]

    # The OpenID token verifies against the identity service's keys, served at /.well-known/jwks_uri.
    key = jwt.PyJWKClient(f"{emulator.url}/.well-known/jwks_uri").get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token, key.key, algorithms=["RS256"], audience=pool_id, issuer="https://cognito-identity.amazonaws.com"
    )
    assert claims["sub"] == identity_id
    assert "authenticated" in claims["amr"]
    assert _provider(user_pool["pool_id"]) in claims["amr"]

    sts = _sts(emulator)
    assumed = sts.assume_role_with_web_identity(
        RoleArn=AUTH_ROLE, RoleSessionName="web-session", WebIdentityToken=token
    )
    assert assumed["SubjectFromWebIdentityToken"] == identity_id
    assert assumed["Audience"] == pool_id
    assert assumed["Provider"] == "cognito-identity.amazonaws.com"
    assert assumed["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/CognitoAuthRole/web-session"
    creds = assumed["Credentials"]
    caller = _sts(emulator, creds, secret=creds["SecretAccessKey"]).get_caller_identity()
    assert caller["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/CognitoAuthRole/web-session"

    with pytest.raises(ClientError) as exc:
        sts.assume_role_with_web_identity(
            RoleArn=AUTH_ROLE, RoleSessionName="sess", WebIdentityToken=user_pool["IdToken"]
        )
    assert exc.value.response["Error"]["Code"] == "InvalidIdentityToken"


def test_classic_flow_refused_when_the_pool_does_not_allow_it(identity, emulator, user_pool):
    pool_id = _identity_pool(identity, user_pool, classic=False)
    logins = {_provider(user_pool["pool_id"]): user_pool["IdToken"]}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    token = identity.get_open_id_token(IdentityId=identity_id, Logins=logins)["Token"]
    with pytest.raises(ClientError) as exc:
        _sts(emulator).assume_role_with_web_identity(RoleArn=AUTH_ROLE, RoleSessionName="sess", WebIdentityToken=token)
    assert exc.value.response["Error"]["Code"] == "AccessDenied"


def test_guest_access(identity, emulator, user_pool):
    pool_id = _identity_pool(identity, user_pool, allow_guests=True)
    identity_id = identity.get_id(IdentityPoolId=pool_id)["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=identity_id)["Credentials"]
    caller = _sts(emulator, creds).get_caller_identity()
    assert caller["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/CognitoUnauthRole/CognitoIdentityCredentials"
    token = identity.get_open_id_token(IdentityId=identity_id)["Token"]
    assert "unauthenticated" in jwt.decode(token, options={"verify_signature": False})["amr"]

    closed = _identity_pool(identity, user_pool, allow_guests=False)
    with pytest.raises(identity.exceptions.NotAuthorizedException) as exc:
        identity.get_id(IdentityPoolId=closed)
    assert exc.value.response["Error"]["Message"] == "Unauthenticated access is not supported for this identity pool."


def test_server_side_token_check_refuses_a_signed_out_users_token(identity, idp, user_pool):
    pool_id = _identity_pool(identity, user_pool, server_side_check=True)
    username = unique("sstc")
    idp.admin_create_user(UserPoolId=user_pool["pool_id"], Username=username, MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=user_pool["pool_id"], Username=username, Password=PASSWORD, Permanent=True)
    tokens = idp.initiate_auth(
        ClientId=user_pool["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    logins = {_provider(user_pool["pool_id"]): tokens["IdToken"]}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    assert identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]
    idp.revoke_token(Token=tokens["RefreshToken"], ClientId=user_pool["client_id"])
    with pytest.raises(identity.exceptions.NotAuthorizedException):
        identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)
