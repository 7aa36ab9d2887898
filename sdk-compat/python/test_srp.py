"""USER_SRP_AUTH with pycognito (issue 5).

pycognito takes the boto3 client's endpoint_url as the user pool's URL: it fetches the JWKS from
`<endpoint>/<poolId>/.well-known/jwks.json` and checks that `iss` is `<endpoint>/<poolId>`. That is what the
emulator's `--issuer-mode local` gives, so these tests run a private emulator in that mode."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP

from emulator import Emulator, unique

REGION = "us-east-1"
PASSWORD = "Correct-Horse-9"


@pytest.fixture(scope="module")
def local():
    emu = Emulator.start(None, "--issuer-mode", "local")
    idp = boto3.client("cognito-idp", region_name=REGION, endpoint_url=emu.url)
    pool_id = idp.create_user_pool(PoolName=unique("pycognito"))["UserPool"]["Id"]
    flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="srp", ExplicitAuthFlows=flows)[
        "UserPoolClient"
    ]["ClientId"]
    secret_client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="srp-secret", GenerateSecret=True, ExplicitAuthFlows=flows
    )["UserPoolClient"]
    yield {
        "emu": emu,
        "idp": idp,
        "pool_id": pool_id,
        "client_id": client_id,
        "secret_client_id": secret_client["ClientId"],
        "secret": secret_client["ClientSecret"],
    }
    emu.stop()


def _user(local, username=None, password=PASSWORD):
    username = username or unique("py")
    local["idp"].admin_create_user(
        UserPoolId=local["pool_id"],
        Username=username,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}, {"Name": "email_verified", "Value": "true"}],
    )
    local["idp"].admin_set_user_password(
        UserPoolId=local["pool_id"], Username=username, Password=password, Permanent=True
    )
    return username


def _cognito(local, username, client_id=None, client_secret=None):
    return Cognito(
        local["pool_id"],
        client_id or local["client_id"],
        username=username,
        client_secret=client_secret,
        boto3_client_kwargs={"endpoint_url": local["emu"].url},
    )


def test_pycognito_authenticate_verifies_tokens_against_the_local_issuer(local):
    username = _user(local)
    u = _cognito(local, username)
    u.authenticate(password=PASSWORD)
    # authenticate() already verified both tokens' signatures (JWKS from the emulator) and issuer.
    assert u.id_claims["cognito:username"] == username
    assert u.id_claims["iss"] == f"{local['emu'].url}/{local['pool_id']}"
    assert u.access_claims["client_id"] == local["client_id"]
    assert u.refresh_token
    user = u.get_user()
    assert user.username == username
    assert user.email == f"{username}@example.com"
    # check_token(renew=True) only refreshes expired tokens; renew_access_token forces REFRESH_TOKEN_AUTH.
    old = u.access_token
    u.renew_access_token()
    assert u.access_token and u.access_token != old
    u.logout()
    with pytest.raises(ClientError) as exc:
        local["idp"].get_user(AccessToken=old)
    assert exc.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_pycognito_wrong_password_is_not_authorized(local):
    username = _user(local)
    with pytest.raises(ClientError) as exc:
        _cognito(local, username).authenticate(password="Wrong-Password-1")
    assert exc.value.response["Error"]["Code"] == "NotAuthorizedException"
    assert exc.value.response["Error"]["Message"] == "Incorrect username or password."


def test_pycognito_with_a_secret_client(local):
    username = _user(local)
    u = _cognito(local, username, local["secret_client_id"], local["secret"])
    u.authenticate(password=PASSWORD)
    assert u.access_claims["client_id"] == local["secret_client_id"]
    with pytest.raises(ClientError) as exc:
        _cognito(local, username, local["secret_client_id"], "not-the-secret").authenticate(password=PASSWORD)
    assert exc.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_pycognito_new_password_challenge_after_admin_create_user(local):
    username = unique("pynew")
    local["idp"].admin_create_user(
        UserPoolId=local["pool_id"], Username=username, TemporaryPassword="Temp-Pass-123", MessageAction="SUPPRESS"
    )
    u = _cognito(local, username)
    u.new_password_challenge(password="Temp-Pass-123", new_password="Final-Pass-456")
    assert u.id_claims["cognito:username"] == username
    status = local["idp"].admin_get_user(UserPoolId=local["pool_id"], Username=username)["UserStatus"]
    assert status == "CONFIRMED"
    _cognito(local, username).authenticate(password="Final-Pass-456")


def test_awssrp_directly_against_boto3(local):
    """pycognito's SRP helper on a plain boto3 client: the raw InitiateAuth / RespondToAuthChallenge pair."""
    username = _user(local)
    srp = AWSSRP(
        username=username,
        password=PASSWORD,
        pool_id=local["pool_id"],
        client_id=local["client_id"],
        client=local["idp"],
    )
    init = local["idp"].initiate_auth(
        AuthFlow="USER_SRP_AUTH", AuthParameters=srp.get_auth_params(), ClientId=local["client_id"]
    )
    assert init["ChallengeName"] == "PASSWORD_VERIFIER"
    params = init["ChallengeParameters"]
    assert {"SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME"} <= params.keys()
    assert params["USER_ID_FOR_SRP"] == username
    answer = local["idp"].respond_to_auth_challenge(
        ClientId=local["client_id"],
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.process_challenge(params, srp.get_auth_params()),
    )
    assert answer["AuthenticationResult"]["AccessToken"]
