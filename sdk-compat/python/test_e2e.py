"""Sign-up to sign-out through boto3 (issue 4), with codes read from the emulator's outbox, and the tokens
verified with PyJWT against the JWKS the emulator serves."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import jwt
import pytest
import requests

from emulator import Emulator, unique

PASSWORD = "Correct-Horse-9"
REGION = "us-east-1"


def _pool(idp, **kw):
    pool = idp.create_user_pool(
        PoolName=unique("e2e"),
        AutoVerifiedAttributes=["email"],
        Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True}],
        **kw,
    )["UserPool"]
    return pool["Id"]


def _client(idp, pool_id, secret=False, **kw):
    return idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=unique("c"),
        GenerateSecret=secret,
        ExplicitAuthFlows=[
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_SRP_AUTH",
        ],
        **kw,
    )["UserPoolClient"]


def _last_code(emulator, pool_id, username, trigger=None):
    msgs = [
        m for m in emulator.messages(user_pool_id=pool_id, username=username) if not trigger or m["trigger"] == trigger
    ]
    assert msgs, f"no {trigger or ''} message for {username}"
    code = msgs[-1]["code"]
    assert code and code in msgs[-1]["body"]
    return code


def _signed_up(idp, emulator, pool_id, client_id, username=None, email=None):
    username = username or unique("user")
    email = email or f"{username}@example.com"
    idp.sign_up(
        ClientId=client_id, Username=username, Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": email}]
    )
    idp.confirm_sign_up(
        ClientId=client_id, Username=username, ConfirmationCode=_last_code(emulator, pool_id, username, "SignUp")
    )
    return username


def _sign_in(idp, client_id, username, password=PASSWORD):
    return idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": username, "PASSWORD": password}
    )["AuthenticationResult"]


def _secret_hash(username, client_id, secret):
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _error(exc_info):
    return exc_info.value.response["Error"]


# ---------------------------------------------------------------------------------------------------------------
# The whole life of a self-registered user.


def test_e2e_sign_up_confirm_sign_in_refresh_revoke_sign_out(idp, emulator):
    pool_id = _pool(idp)
    client_id = _client(idp, pool_id)["ClientId"]
    username = unique("user")

    signed = idp.sign_up(
        ClientId=client_id,
        Username=username,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
    )
    assert signed["UserConfirmed"] is False
    details = signed["CodeDeliveryDetails"]
    assert details["DeliveryMedium"] == "EMAIL" and details["AttributeName"] == "email"
    assert details["Destination"] != f"{username}@example.com"  # masked like u***@e***
    assert details["Destination"][0] == username[0] and "***" in details["Destination"]
    sub = signed["UserSub"]
    # An ordinary lowercase version-4 UUID (its first 48 bits are the creation time: see ids::user_sub).
    parsed = uuid.UUID(sub)
    assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == sub

    with pytest.raises(idp.exceptions.UserNotConfirmedException):
        _sign_in(idp, client_id, username)

    message = emulator.messages(user_pool_id=pool_id, username=username)[-1]
    assert message["trigger"] == "SignUp"
    assert message["destination"] == f"{username}@example.com"
    assert message["deliveryMedium"] == "EMAIL"
    code = message["code"]
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(idp.exceptions.CodeMismatchException):
        idp.confirm_sign_up(ClientId=client_id, Username=username, ConfirmationCode=wrong)
    idp.confirm_sign_up(ClientId=client_id, Username=username, ConfirmationCode=code)
    user = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    assert user["UserStatus"] == "CONFIRMED"
    attrs = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attrs["email_verified"] == "true" and attrs["sub"] == sub

    tokens = _sign_in(idp, client_id, username)
    assert tokens["TokenType"] == "Bearer" and tokens["ExpiresIn"] == 3600
    assert {"AccessToken", "IdToken", "RefreshToken"} <= tokens.keys()

    me = idp.get_user(AccessToken=tokens["AccessToken"])
    assert me["Username"] == username
    assert {a["Name"]: a["Value"] for a in me["UserAttributes"]}["sub"] == sub

    refreshed = idp.initiate_auth(
        ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}
    )["AuthenticationResult"]
    assert {"AccessToken", "IdToken"} <= refreshed.keys()
    assert "RefreshToken" not in refreshed  # no rotation unless the client asks for it
    assert idp.get_user(AccessToken=refreshed["AccessToken"])["Username"] == username

    idp.revoke_token(Token=tokens["RefreshToken"], ClientId=client_id)
    with pytest.raises(idp.exceptions.NotAuthorizedException) as exc:
        idp.initiate_auth(
            ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}
        )
    assert _error(exc)["Message"] == "Refresh Token has been revoked"
    # Access tokens minted from the revoked refresh token die with it.
    for access in (tokens["AccessToken"], refreshed["AccessToken"]):
        with pytest.raises(idp.exceptions.NotAuthorizedException) as exc:
            idp.get_user(AccessToken=access)
        assert _error(exc)["Message"] == "Access Token has been revoked"

    second = _sign_in(idp, client_id, username)
    third = _sign_in(idp, client_id, username)
    assert idp.get_user(AccessToken=third["AccessToken"])["Username"] == username
    idp.global_sign_out(AccessToken=second["AccessToken"])
    for session in (second, third):
        with pytest.raises(idp.exceptions.NotAuthorizedException) as exc:
            idp.get_user(AccessToken=session["AccessToken"])
        assert _error(exc)["Message"] == "Access Token has been revoked"
        with pytest.raises(idp.exceptions.NotAuthorizedException):
            idp.initiate_auth(
                ClientId=client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": session["RefreshToken"]},
            )
    # A fresh sign-in after the global sign-out works again.
    assert idp.get_user(AccessToken=_sign_in(idp, client_id, username)["AccessToken"])["Username"] == username


def test_e2e_wrong_password_and_unknown_user_are_not_authorized(idp, emulator):
    pool_id = _pool(idp)
    client_id = _client(idp, pool_id)["ClientId"]
    username = _signed_up(idp, emulator, pool_id, client_id)
    with pytest.raises(idp.exceptions.NotAuthorizedException) as exc:
        _sign_in(idp, client_id, username, "Wrong-Password-1")
    assert _error(exc)["Message"] == "Incorrect username or password."
    with pytest.raises(idp.exceptions.UserNotFoundException):
        _sign_in(idp, client_id, "nobody-here")


def test_e2e_forgot_password_then_confirm(idp, emulator):
    pool_id = _pool(idp)
    client_id = _client(idp, pool_id)["ClientId"]
    username = _signed_up(idp, emulator, pool_id, client_id)

    details = idp.forgot_password(ClientId=client_id, Username=username)["CodeDeliveryDetails"]
    assert details["DeliveryMedium"] == "EMAIL" and details["AttributeName"] == "email"
    code = _last_code(emulator, pool_id, username, "ForgotPassword")
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(idp.exceptions.CodeMismatchException):
        idp.confirm_forgot_password(ClientId=client_id, Username=username, ConfirmationCode=wrong, Password="New-Pass-12")
    with pytest.raises(idp.exceptions.InvalidPasswordException):
        idp.confirm_forgot_password(ClientId=client_id, Username=username, ConfirmationCode=code, Password="short")
    idp.confirm_forgot_password(ClientId=client_id, Username=username, ConfirmationCode=code, Password="New-Pass-12")
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        _sign_in(idp, client_id, username, PASSWORD)
    assert _sign_in(idp, client_id, username, "New-Pass-12")["AccessToken"]
    # The code is single-use.
    with pytest.raises((idp.exceptions.CodeMismatchException, idp.exceptions.ExpiredCodeException)):
        idp.confirm_forgot_password(ClientId=client_id, Username=username, ConfirmationCode=code, Password="Other-Pass-3")


def test_e2e_change_password(idp, emulator):
    pool_id = _pool(idp)
    client_id = _client(idp, pool_id)["ClientId"]
    username = _signed_up(idp, emulator, pool_id, client_id)
    access = _sign_in(idp, client_id, username)["AccessToken"]
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.change_password(PreviousPassword="Not-The-Old-1", ProposedPassword="Changed-Pass-2", AccessToken=access)
    idp.change_password(PreviousPassword=PASSWORD, ProposedPassword="Changed-Pass-2", AccessToken=access)
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        _sign_in(idp, client_id, username, PASSWORD)
    assert _sign_in(idp, client_id, username, "Changed-Pass-2")["IdToken"]


def test_e2e_secret_client_needs_secret_hash(idp, emulator):
    pool_id = _pool(idp)
    client = _client(idp, pool_id, secret=True)
    client_id, secret = client["ClientId"], client["ClientSecret"]
    username = unique("user")
    with pytest.raises(idp.exceptions.NotAuthorizedException) as exc:
        idp.sign_up(ClientId=client_id, Username=username, Password=PASSWORD,
                    UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}])
    assert _error(exc)["Message"] == f"Client {client_id} is configured with secret but SECRET_HASH was not received"
    idp.sign_up(
        ClientId=client_id,
        Username=username,
        Password=PASSWORD,
        SecretHash=_secret_hash(username, client_id, secret),
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
    )
    idp.confirm_sign_up(
        ClientId=client_id,
        Username=username,
        SecretHash=_secret_hash(username, client_id, secret),
        ConfirmationCode=_last_code(emulator, pool_id, username, "SignUp"),
    )
    params = {"USERNAME": username, "PASSWORD": PASSWORD}
    with pytest.raises(idp.exceptions.NotAuthorizedException) as exc:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params)
    assert "SECRET_HASH was not received" in _error(exc)["Message"]
    with pytest.raises(idp.exceptions.NotAuthorizedException) as exc:
        idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={**params, "SECRET_HASH": _secret_hash(username, client_id, "wrong-secret")},
        )
    assert _error(exc)["Message"] == f"Unable to verify secret hash for client {client_id}"
    tokens = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={**params, "SECRET_HASH": _secret_hash(username, client_id, secret)},
    )["AuthenticationResult"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == username
    # Refresh with a secret client: the hash is over the user name (AWS also accepts the sub).
    refreshed = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={
            "REFRESH_TOKEN": tokens["RefreshToken"],
            "SECRET_HASH": _secret_hash(username, client_id, secret),
        },
    )["AuthenticationResult"]
    assert refreshed["AccessToken"]
    # RevokeToken on a secret client needs the secret.
    with pytest.raises(idp.exceptions.UnauthorizedException) as exc:
        idp.revoke_token(Token=tokens["RefreshToken"], ClientId=client_id)
    assert _error(exc)["Message"] == "Invalid client id or secret"
    idp.revoke_token(Token=tokens["RefreshToken"], ClientId=client_id, ClientSecret=secret)


def test_e2e_admin_initiate_auth(idp, emulator):
    pool_id = _pool(idp)
    client_id = _client(idp, pool_id)["ClientId"]
    username = _signed_up(idp, emulator, pool_id, client_id)
    tokens = idp.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == username
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.admin_initiate_auth(
            UserPoolId=pool_id,
            ClientId=client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": "Wrong-Pass-77"},
        )
    idp.admin_user_global_sign_out(UserPoolId=pool_id, Username=username)
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.get_user(AccessToken=tokens["AccessToken"])


def test_e2e_flow_not_enabled_for_client_is_refused(idp, emulator):
    pool_id = _pool(idp)
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="srp-only", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )["UserPoolClient"]["ClientId"]
    other = _client(idp, pool_id)["ClientId"]
    username = _signed_up(idp, emulator, pool_id, other)
    with pytest.raises(idp.exceptions.InvalidParameterException):
        _sign_in(idp, client_id, username)


def test_e2e_new_password_required_after_admin_create_user(idp, emulator):
    pool_id = _pool(idp)
    client_id = _client(idp, pool_id)["ClientId"]
    username = unique("invited")
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=username,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}, {"Name": "email_verified", "Value": "true"}],
    )
    invitation = emulator.messages(user_pool_id=pool_id, username=username)[-1]
    temporary = invitation["temporaryPassword"]
    assert temporary and temporary in invitation["body"] and username in invitation["body"]

    challenge = idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": username, "PASSWORD": temporary}
    )
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert challenge["Session"]
    assert "AuthenticationResult" not in challenge
    params = challenge["ChallengeParameters"]
    assert params["USER_ID_FOR_SRP"] == username
    assert json.loads(params["userAttributes"])["email"] == f"{username}@example.com"
    assert json.loads(params["requiredAttributes"]) == []

    with pytest.raises(idp.exceptions.InvalidPasswordException):
        idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": "short"},
        )
    done = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": "Brand-New-Pass-5"},
    )
    assert done["AuthenticationResult"]["AccessToken"]
    assert idp.admin_get_user(UserPoolId=pool_id, Username=username)["UserStatus"] == "CONFIRMED"
    assert _sign_in(idp, client_id, username, "Brand-New-Pass-5")["IdToken"]
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        _sign_in(idp, client_id, username, temporary)


def test_e2e_admin_set_user_password_permanent(idp, emulator):
    pool_id = _pool(idp)
    client_id = _client(idp, pool_id)["ClientId"]
    username = unique("set")
    idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}])
    assert emulator.messages(user_pool_id=pool_id, username=username) == []
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True)
    assert _sign_in(idp, client_id, username)["AccessToken"]


# ---------------------------------------------------------------------------------------------------------------
# Token verification with PyJWT against the emulator's JWKS.


def _jwks_client(emulator, pool_id):
    return jwt.PyJWKClient(f"{emulator.url}/{pool_id}/.well-known/jwks.json", cache_keys=False)


def _issuer(pool_id):
    return f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _with_payload(token: str, **changes) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(_unb64(payload))
    claims.update(changes)
    return ".".join([header, _b64(json.dumps(claims).encode()), signature])


@pytest.fixture(scope="module")
def signed_in(idp, emulator):
    pool_id = _pool(idp)
    client_id = _client(idp, pool_id)["ClientId"]
    username = _signed_up(idp, emulator, pool_id, client_id)
    idp.create_group(UserPoolId=pool_id, GroupName="editors")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName="editors")
    tokens = _sign_in(idp, client_id, username)
    return {"pool_id": pool_id, "client_id": client_id, "username": username, **tokens}


def test_jwks_and_discovery_documents(emulator, signed_in):
    pool_id = signed_in["pool_id"]
    jwks = requests.get(f"{emulator.url}/{pool_id}/.well-known/jwks.json", timeout=5).json()
    assert len(jwks["keys"]) >= 1
    for key in jwks["keys"]:
        assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
        assert key["kid"] and key["n"] and key["e"] == "AQAB"
    kids = {k["kid"] for k in jwks["keys"]}
    assert jwt.get_unverified_header(signed_in["IdToken"])["kid"] in kids
    assert jwt.get_unverified_header(signed_in["AccessToken"])["kid"] in kids
    discovery = requests.get(f"{emulator.url}/{pool_id}/.well-known/openid-configuration", timeout=5).json()
    assert discovery["issuer"] == _issuer(pool_id)
    assert discovery["jwks_uri"].endswith(f"/{pool_id}/.well-known/jwks.json")
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]


def test_pyjwt_verifies_id_token_claims(emulator, signed_in):
    token = signed_in["IdToken"]
    key = _jwks_client(emulator, signed_in["pool_id"]).get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience=signed_in["client_id"],
        issuer=_issuer(signed_in["pool_id"]),
        options={"require": ["exp", "iat", "sub", "aud", "iss"]},
    )
    assert claims["token_use"] == "id"
    assert claims["aud"] == signed_in["client_id"]
    assert claims["cognito:username"] == signed_in["username"]
    assert claims["email"] == f"{signed_in['username']}@example.com"
    assert claims["email_verified"] is True
    assert claims["cognito:groups"] == ["editors"]
    assert claims["exp"] - claims["iat"] == 3600
    assert abs(claims["auth_time"] - claims["iat"]) <= 1
    assert abs(claims["iat"] - time.time()) < 600
    assert claims["jti"] and claims["origin_jti"] and claims["event_id"]
    assert "client_id" not in claims and "scope" not in claims


def test_pyjwt_verifies_access_token_claims(emulator, signed_in):
    token = signed_in["AccessToken"]
    key = _jwks_client(emulator, signed_in["pool_id"]).get_signing_key_from_jwt(token)
    claims = jwt.decode(token, key.key, algorithms=["RS256"], issuer=_issuer(signed_in["pool_id"]))
    assert claims["token_use"] == "access"
    assert claims["client_id"] == signed_in["client_id"]
    assert claims["scope"] == "aws.cognito.signin.user.admin"
    assert claims["username"] == signed_in["username"]
    assert "aud" not in claims
    assert claims["cognito:groups"] == ["editors"]
    assert claims["exp"] - claims["iat"] == 3600
    id_claims = jwt.decode(signed_in["IdToken"], options={"verify_signature": False})
    assert claims["sub"] == id_claims["sub"]
    assert claims["origin_jti"] == id_claims["origin_jti"]


def test_pyjwt_refuses_a_token_with_a_modified_payload(emulator, signed_in):
    key = _jwks_client(emulator, signed_in["pool_id"]).get_signing_key_from_jwt(signed_in["IdToken"])
    forged = _with_payload(signed_in["IdToken"], **{"cognito:username": "admin", "cognito:groups": ["admins"]})
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(forged, key.key, algorithms=["RS256"], audience=signed_in["client_id"])


def test_pyjwt_refuses_a_token_signed_by_another_pools_key(idp, emulator, signed_in):
    other_pool = _pool(idp)
    other_client = _client(idp, other_pool)["ClientId"]
    other_user = _signed_up(idp, emulator, other_pool, other_client)
    foreign = _sign_in(idp, other_client, other_user)["IdToken"]
    jwks = _jwks_client(emulator, signed_in["pool_id"])
    # The foreign kid is not in this pool's JWKS...
    with pytest.raises(jwt.PyJWKClientError):
        jwks.get_signing_key_from_jwt(foreign)
    # ...and with this pool's kid put in its header, the signature does not match this pool's key.
    own_header = signed_in["IdToken"].split(".")[0]
    spoofed = ".".join([own_header, *foreign.split(".")[1:]])
    key = jwks.get_signing_key_from_jwt(spoofed)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(spoofed, key.key, algorithms=["RS256"], audience=other_client)


def test_pyjwt_refuses_an_expired_token(emulator, signed_in):
    # The emulator's clock cannot be moved from here, so the verifier's is: a negative leeway of more than the
    # token's lifetime makes PyJWT judge it as it would an hour later.
    key = _jwks_client(emulator, signed_in["pool_id"]).get_signing_key_from_jwt(signed_in["IdToken"])
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(
            signed_in["IdToken"],
            key.key,
            algorithms=["RS256"],
            audience=signed_in["client_id"],
            leeway=-3601,
            options={"verify_iat": False},  # with a negative leeway iat would look like it is in the future
        )


def test_get_user_refuses_tampered_and_foreign_tokens(idp, emulator, signed_in):
    forged = _with_payload(signed_in["AccessToken"], username="someone-else")
    with pytest.raises(idp.exceptions.NotAuthorizedException) as exc:
        idp.get_user(AccessToken=forged)
    assert _error(exc)["Message"] == "Invalid Access Token"
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.get_user(AccessToken=signed_in["IdToken"])  # an ID token is not an access token
    unsigned = ".".join([_b64(b'{"alg":"none","typ":"JWT"}'), signed_in["AccessToken"].split(".")[1], ""])
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.get_user(AccessToken=unsigned)


def test_get_user_refuses_a_revoked_token(idp, emulator):
    pool_id = _pool(idp)
    client_id = _client(idp, pool_id)["ClientId"]
    username = _signed_up(idp, emulator, pool_id, client_id)
    tokens = _sign_in(idp, client_id, username)
    idp.revoke_token(Token=tokens["RefreshToken"], ClientId=client_id)
    with pytest.raises(idp.exceptions.NotAuthorizedException) as exc:
        idp.get_user(AccessToken=tokens["AccessToken"])
    assert _error(exc)["Message"] == "Access Token has been revoked"
    # The signature is still good: a revoked token is only caught by asking Cognito.
    key = _jwks_client(emulator, pool_id).get_signing_key_from_jwt(tokens["AccessToken"])
    assert jwt.decode(tokens["AccessToken"], key.key, algorithms=["RS256"])["username"] == username


def test_fixed_code_flag_and_local_issuer_mode():
    """`--fixed-code` makes every code the same; `--issuer-mode local` puts the emulator's own URL in `iss`
    and serves a discovery document whose jwks_uri verifies the tokens."""
    import boto3

    emu = Emulator.start(None, "--fixed-code", "123456", "--issuer-mode", "local")
    try:
        idp = boto3.client("cognito-idp", region_name=REGION, endpoint_url=emu.url)
        pool_id = _pool(idp)
        client_id = _client(idp, pool_id)["ClientId"]
        username = unique("local")
        idp.sign_up(ClientId=client_id, Username=username, Password=PASSWORD,
                    UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}])
        assert emu.messages(user_pool_id=pool_id, username=username)[-1]["code"] == "123456"
        idp.confirm_sign_up(ClientId=client_id, Username=username, ConfirmationCode="123456")
        tokens = _sign_in(idp, client_id, username)

        issuer = f"{emu.url}/{pool_id}"
        discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5).json()
        assert discovery["issuer"] == issuer
        assert discovery["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
        key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(tokens["IdToken"])
        claims = jwt.decode(tokens["IdToken"], key.key, algorithms=["RS256"], audience=client_id, issuer=issuer)
        assert claims["cognito:username"] == username
        with pytest.raises(jwt.InvalidIssuerError):
            jwt.decode(tokens["IdToken"], key.key, algorithms=["RS256"], audience=client_id, issuer=_issuer(pool_id))
        assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == username
    finally:
        emu.stop()
