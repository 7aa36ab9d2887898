"""UserMigration in the style of AWS's documentation sample, over a small "legacy" user table."""

import hashlib

# The legacy system: username -> (sha256 of the password, attributes).
LEGACY = {
    "old.timer": (
        hashlib.sha256(b"Legacy-Passw0rd!").hexdigest(),
        {"email": "old.timer@legacy.example", "email_verified": "true", "name": "Old Timer"},
    ),
}


def handler(event, context):
    user = LEGACY.get(event["userName"])
    if user is None:
        raise Exception("Bad password")
    stored, attributes = user
    if event["triggerSource"] == "UserMigration_Authentication":
        given = hashlib.sha256(event["request"]["password"].encode()).hexdigest()
        if given != stored:
            raise Exception("Bad password")
        event["response"]["finalUserStatus"] = "CONFIRMED"
    event["response"]["userAttributes"] = attributes
    event["response"]["messageAction"] = "SUPPRESS"
    print(f"migrated {event['userName']} ({context.function_name})")
    return event
