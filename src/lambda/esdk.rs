//! AWS Encryption SDK messages for the custom sender triggers: not implemented yet, so a pool with
//! CustomEmailSender/CustomSMSSender answers UnexpectedLambdaException instead of sending.
/// The key.
pub struct RawAesKey<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    pub key: &'a [u8; 32],
}
/// Stub.
pub fn encrypt_base64(
    _k: &RawAesKey<'_>,
    _p: &[u8],
    _c: &[(&str, &str)],
) -> Result<String, String> {
    Err("the Encryption SDK message format is not implemented yet".into())
}

/// The key namespace (provider id) of the raw AES keyring that stands in for the pool's KMS key.
pub const KEY_NAMESPACE: &str = "cognito-emulator";
