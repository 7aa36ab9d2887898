"""The emulator's own `/_emulator/` API, from outside."""

import requests

from emulator import unique


def test_health_reports_operation_counts(emulator):
    health = emulator.health()
    assert health["status"] == "ok"
    assert health["operations"]["cognito-idp"]["total"] == 122
    assert health["operations"]["cognito-identity"]["total"] == 23


def test_reset_forgets_pools(own_emulator):
    import boto3

    c = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=own_emulator.url)
    pool_id = c.create_user_pool(PoolName=unique("reset"))["UserPool"]["Id"]
    own_emulator.reset()
    assert pool_id not in {p["Id"] for p in c.list_user_pools(MaxResults=60)["UserPools"]}


def test_unknown_operation_answers_aws_error_shape(emulator):
    r = emulator.raw("AWSCognitoIdentityProviderService.NoSuchOperation", {})
    assert 400 <= r.status_code < 600
    body = r.json()
    assert "__type" in body and "message" in body
    assert r.headers.get("x-amzn-ErrorType")


def test_unknown_path_is_404(emulator):
    assert requests.get(f"{emulator.url}/_emulator/nope", timeout=5).status_code == 404
