"""CustomMessage: the pool's own wording for each message source."""


def handler(event, context):
    source = event["triggerSource"]
    code = event["request"]["codeParameter"]
    if source == "CustomMessage_SignUp":
        event["response"]["emailSubject"] = "Welcome to Acme"
        event["response"]["emailMessage"] = f"Thanks for signing up. Your code is {code}."
    elif source == "CustomMessage_ForgotPassword":
        event["response"]["emailSubject"] = "Reset your Acme password"
        event["response"]["emailMessage"] = f"Your reset code is {code}."
    elif source == "CustomMessage_AdminCreateUser":
        username = event["request"]["usernameParameter"]
        event["response"]["emailSubject"] = "You are invited"
        event["response"]["emailMessage"] = f"Sign in as {username} with {code}."
    return event
