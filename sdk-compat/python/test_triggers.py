"""Lambda triggers from real Python handler files (sdk-compat/lambdas/) through boto3: UserMigration of a
legacy user at password sign-in and at ForgotPassword, CustomMessage texts in the outbox, and the errors a
refusing handler gives."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from emulator import Emulator, unique

LAMBDAS = Path(__file__).resolve().parent.parent / "lambdas"
ACCOUNT = "123456789012"
PASSWORD = "Correct-Horse-9"


def arn(name: str) -> str:
    return f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}"


@pytest.fixture(scope="module")
def emu():
    emu = Emulator.start(
        None,
        "--lambda",
        f"migrate={LAMBDAS / 'user_migration.py'}",
        "--lambda",
        f"messages={LAMBDAS / 'custom_message.py'}",
        "--lambda",
        f"{arn('throws')}={LAMBDAS / 'misbehaving.mjs'}:throws",
    )
    yield emu
    emu.stop()


@pytest.fixture(scope="module")
def idp(emu):
    return boto3.client("cognito-idp", endpoint_url=emu.url, region_name="us-east-1")


def make_pool(idp, lambda_config: dict, **extra) -> tuple[str, str]:
    pool = idp.create_user_pool(
        PoolName=unique("triggers"), LambdaConfig=lambda_config, AutoVerifiedAttributes=["email"], **extra
    )["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool,
        ClientName="app",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    return pool, client


def test_user_migration_moves_a_legacy_user_in_at_first_sign_in(idp):
    pool, client = make_pool(idp, {"UserMigration": arn("migrate")})
    with pytest.raises(ClientError) as wrong:
        idp.initiate_auth(
            ClientId=client,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "old.timer", "PASSWORD": "Not-The-Passw0rd!"},
        )
    assert wrong.value.response["Error"]["Code"] == "UserNotFoundException"
    out = idp.initiate_auth(
        ClientId=client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "old.timer", "PASSWORD": "Legacy-Passw0rd!"},
    )
    assert "IdToken" in out["AuthenticationResult"]
    user = idp.admin_get_user(UserPoolId=pool, Username="old.timer")
    assert user["UserStatus"] == "CONFIRMED"
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["email"] == "old.timer@legacy.example"
    assert attributes["name"] == "Old Timer"
    # The password given at sign-in is now the user's own.
    idp.initiate_auth(
        ClientId=client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "old.timer", "PASSWORD": "Legacy-Passw0rd!"},
    )


def test_user_migration_at_forgot_password_and_custom_messages(emu, idp):
    pool, client = make_pool(idp, {"UserMigration": arn("migrate"), "CustomMessage": arn("messages")})
    out = idp.forgot_password(ClientId=client, Username="old.timer")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    user = idp.admin_get_user(UserPoolId=pool, Username="old.timer")
    assert user["UserStatus"] == "RESET_REQUIRED"
    [message] = emu.messages(user_pool_id=pool)
    assert message["subject"] == "Reset your Acme password"
    assert message["body"] == f"Your reset code is {message['code']}."
    idp.confirm_forgot_password(
        ClientId=client, Username="old.timer", ConfirmationCode=message["code"], Password="Brand-New-Passw0rd!"
    )
    idp.initiate_auth(
        ClientId=client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "old.timer", "PASSWORD": "Brand-New-Passw0rd!"},
    )

    name = unique("new")
    idp.sign_up(
        ClientId=client,
        Username=name,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}],
    )
    [message] = emu.messages(user_pool_id=pool, username=name)
    assert message["subject"] == "Welcome to Acme"
    assert message["body"] == f"Thanks for signing up. Your code is {message['code']}."

    invited = unique("inv")
    idp.admin_create_user(
        UserPoolId=pool,
        Username=invited,
        TemporaryPassword="Temp-Passw0rd!",
        UserAttributes=[{"Name": "email", "Value": f"{invited}@example.com"}],
    )
    [message] = emu.messages(user_pool_id=pool, username=invited)
    assert message["subject"] == "You are invited"
    assert message["body"] == f"Sign in as {invited} with Temp-Passw0rd!."


def test_a_throwing_trigger_is_user_lambda_validation_exception(idp):
    pool, client = make_pool(idp, {"PreSignUp": arn("throws")})
    with pytest.raises(ClientError) as refused:
        idp.sign_up(ClientId=client, Username=unique("x"), Password=PASSWORD)
    error = refused.value.response["Error"]
    assert error["Code"] == "UserLambdaValidationException"
    assert error["Message"] == "PreSignUp failed with error Something broke."
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert idp.list_users(UserPoolId=pool)["Users"] == []
