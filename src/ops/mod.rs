//! THE registry: every operation of both JSON 1.1 services, one line each, mapped to its handler.
//! `unimplemented` marks operations that answer `NotImplementedException`; replacing it with a handler
//! path is the whole of registering an operation. The `operations!` macro (`ops/macros.rs`) generates the
//! op enums, name lookup, dispatch and `ALL`; `tests/it/coverage.rs` checks this list against the models.
//!
//! Handlers are plain synchronous functions `fn(&Ctx, Input) -> Result<Output, CognitoError>`, grouped by
//! resource in `ops/idp/*.rs` and `ops/identity/*.rs`.

mod macros;

pub mod identity;
pub mod idp;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::Ctx;
use crate::error::{CognitoError, Result};
use crate::smithy::Service;
use macros::operations;

operations! {
idp: IdpOp {
    // ---- user_pools ----
    CreateUserPool => idp::user_pools::create_user_pool,
    DescribeUserPool => idp::user_pools::describe_user_pool,
    ListUserPools => idp::user_pools::list_user_pools,
    UpdateUserPool => idp::user_pools::update_user_pool,
    DeleteUserPool => idp::user_pools::delete_user_pool,
    AddCustomAttributes => unimplemented,
    GetUserPoolMfaConfig => unimplemented,
    SetUserPoolMfaConfig => unimplemented,
    GetUICustomization => unimplemented,
    SetUICustomization => unimplemented,
    TagResource => unimplemented,
    UntagResource => unimplemented,
    ListTagsForResource => unimplemented,
    GetLogDeliveryConfiguration => unimplemented,
    SetLogDeliveryConfiguration => unimplemented,
    DescribeRiskConfiguration => unimplemented,
    SetRiskConfiguration => unimplemented,

    // ---- clients ----
    CreateUserPoolClient => idp::clients::create_user_pool_client,
    DescribeUserPoolClient => idp::clients::describe_user_pool_client,
    UpdateUserPoolClient => idp::clients::update_user_pool_client,
    DeleteUserPoolClient => idp::clients::delete_user_pool_client,
    ListUserPoolClients => idp::clients::list_user_pool_clients,
    AddUserPoolClientSecret => unimplemented,
    ListUserPoolClientSecrets => unimplemented,
    DeleteUserPoolClientSecret => unimplemented,

    // ---- domains ----
    CreateUserPoolDomain => unimplemented,
    DescribeUserPoolDomain => unimplemented,
    UpdateUserPoolDomain => unimplemented,
    DeleteUserPoolDomain => unimplemented,

    // ---- resource_servers ----
    CreateResourceServer => unimplemented,
    DescribeResourceServer => unimplemented,
    UpdateResourceServer => unimplemented,
    DeleteResourceServer => unimplemented,
    ListResourceServers => unimplemented,

    // ---- identity_providers ----
    CreateIdentityProvider => unimplemented,
    DescribeIdentityProvider => unimplemented,
    UpdateIdentityProvider => unimplemented,
    DeleteIdentityProvider => unimplemented,
    ListIdentityProviders => unimplemented,
    GetIdentityProviderByIdentifier => unimplemented,
    AdminLinkProviderForUser => unimplemented,
    AdminDisableProviderForUser => unimplemented,

    // ---- groups ----
    CreateGroup => unimplemented,
    GetGroup => unimplemented,
    UpdateGroup => unimplemented,
    DeleteGroup => unimplemented,
    ListGroups => unimplemented,
    AdminAddUserToGroup => unimplemented,
    AdminRemoveUserFromGroup => unimplemented,
    AdminListGroupsForUser => unimplemented,
    ListUsersInGroup => unimplemented,

    // ---- users ----
    AdminCreateUser => unimplemented,
    AdminGetUser => unimplemented,
    AdminDeleteUser => unimplemented,
    AdminUpdateUserAttributes => unimplemented,
    AdminDeleteUserAttributes => unimplemented,
    AdminDisableUser => unimplemented,
    AdminEnableUser => unimplemented,
    AdminSetUserPassword => unimplemented,
    AdminResetUserPassword => unimplemented,
    AdminConfirmSignUp => unimplemented,
    ListUsers => unimplemented,

    // ---- sign_up ----
    SignUp => idp::sign_up::sign_up,
    ConfirmSignUp => idp::sign_up::confirm_sign_up,
    ResendConfirmationCode => idp::sign_up::resend_confirmation_code,
    ForgotPassword => idp::sign_up::forgot_password,
    ConfirmForgotPassword => idp::sign_up::confirm_forgot_password,
    ChangePassword => idp::sign_up::change_password,

    // ---- auth ----
    InitiateAuth => idp::auth::initiate_auth,
    AdminInitiateAuth => idp::auth::admin_initiate_auth,
    RespondToAuthChallenge => idp::auth::respond_to_auth_challenge,
    AdminRespondToAuthChallenge => idp::auth::admin_respond_to_auth_challenge,
    GetTokensFromRefreshToken => idp::auth::get_tokens_from_refresh_token,
    RevokeToken => idp::auth::revoke_token,
    GlobalSignOut => idp::auth::global_sign_out,
    AdminUserGlobalSignOut => idp::auth::admin_user_global_sign_out,
    GetSigningCertificate => idp::auth::get_signing_certificate,

    // ---- self_service ----
    GetUser => idp::self_service::get_user,
    UpdateUserAttributes => idp::self_service::update_user_attributes,
    DeleteUser => idp::self_service::delete_user,
    DeleteUserAttributes => idp::self_service::delete_user_attributes,
    GetUserAttributeVerificationCode => idp::self_service::get_user_attribute_verification_code,
    VerifyUserAttribute => idp::self_service::verify_user_attribute,

    // ---- mfa ----
    AssociateSoftwareToken => unimplemented,
    VerifySoftwareToken => unimplemented,
    SetUserMFAPreference => unimplemented,
    AdminSetUserMFAPreference => unimplemented,
    SetUserSettings => unimplemented,
    AdminSetUserSettings => unimplemented,
    GetUserAuthFactors => unimplemented,

    // ---- devices ----
    ConfirmDevice => unimplemented,
    GetDevice => unimplemented,
    ListDevices => unimplemented,
    ForgetDevice => unimplemented,
    UpdateDeviceStatus => unimplemented,
    AdminGetDevice => unimplemented,
    AdminListDevices => unimplemented,
    AdminForgetDevice => unimplemented,
    AdminUpdateDeviceStatus => unimplemented,

    // ---- webauthn ----
    StartWebAuthnRegistration => unimplemented,
    CompleteWebAuthnRegistration => unimplemented,
    ListWebAuthnCredentials => unimplemented,
    DeleteWebAuthnCredential => unimplemented,

    // ---- branding ----
    CreateManagedLoginBranding => unimplemented,
    DescribeManagedLoginBranding => unimplemented,
    DescribeManagedLoginBrandingByClient => unimplemented,
    UpdateManagedLoginBranding => unimplemented,
    DeleteManagedLoginBranding => unimplemented,

    // ---- terms ----
    CreateTerms => unimplemented,
    DescribeTerms => unimplemented,
    ListTerms => unimplemented,
    UpdateTerms => unimplemented,
    DeleteTerms => unimplemented,

    // ---- import_jobs ----
    GetCSVHeader => unimplemented,
    CreateUserImportJob => unimplemented,
    DescribeUserImportJob => unimplemented,
    ListUserImportJobs => unimplemented,
    StartUserImportJob => unimplemented,
    StopUserImportJob => unimplemented,

    // ---- auth_events ----
    AdminListUserAuthEvents => unimplemented,
    AdminUpdateAuthEventFeedback => unimplemented,
    UpdateAuthEventFeedback => unimplemented,
}
identity: IdentityOp {
    // ---- pools ----
    CreateIdentityPool => identity::pools::create_identity_pool,
    DescribeIdentityPool => identity::pools::describe_identity_pool,
    ListIdentityPools => identity::pools::list_identity_pools,
    UpdateIdentityPool => identity::pools::update_identity_pool,
    DeleteIdentityPool => identity::pools::delete_identity_pool,
    TagResource => unimplemented,
    UntagResource => unimplemented,
    ListTagsForResource => unimplemented,
    SetIdentityPoolRoles => unimplemented,
    GetIdentityPoolRoles => unimplemented,
    SetPrincipalTagAttributeMap => unimplemented,
    GetPrincipalTagAttributeMap => unimplemented,

    // ---- identities ----
    GetId => unimplemented,
    GetCredentialsForIdentity => unimplemented,
    GetOpenIdToken => unimplemented,
    GetOpenIdTokenForDeveloperIdentity => unimplemented,
    DescribeIdentity => unimplemented,
    ListIdentities => unimplemented,
    DeleteIdentities => unimplemented,
    LookupDeveloperIdentity => unimplemented,
    MergeDeveloperIdentities => unimplemented,
    UnlinkDeveloperIdentity => unimplemented,
    UnlinkIdentity => unimplemented,
}}

/// An operation of either service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// A user-pool operation.
    Idp(IdpOp),
    /// An identity-pool operation.
    Identity(IdentityOp),
}

impl Op {
    /// Looks an operation up by service and name.
    pub fn find(service: Service, name: &str) -> Option<Op> {
        match service {
            Service::Idp => IdpOp::from_name(name).map(Op::Idp),
            Service::Identity => IdentityOp::from_name(name).map(Op::Identity),
        }
    }

    /// The operation name.
    pub fn name(self) -> &'static str {
        match self {
            Op::Idp(op) => op.name(),
            Op::Identity(op) => op.name(),
        }
    }

    /// The service.
    pub fn service(self) -> Service {
        match self {
            Op::Idp(_) => Service::Idp,
            Op::Identity(_) => Service::Identity,
        }
    }

    /// Runs the operation; the output is the response body.
    pub fn dispatch(self, ctx: &Ctx, input: Value) -> Result<Vec<u8>> {
        match self {
            Op::Idp(op) => op.dispatch(ctx, input),
            Op::Identity(op) => op.dispatch(ctx, input),
        }
    }

    /// False for operations that answer `NotImplementedException`.
    pub fn is_implemented(self) -> bool {
        match self {
            Op::Idp(op) => op.is_implemented(),
            Op::Identity(op) => op.is_implemented(),
        }
    }
}

/// The output of operations that return nothing: `{}` on the wire.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Empty {}

/// Deserializes the (already validated) input, runs the handler and serializes its output.
fn invoke<I, O>(ctx: &Ctx, input: Value, handler: fn(&Ctx, I) -> Result<O>) -> Result<Vec<u8>>
where
    I: DeserializeOwned,
    O: Serialize,
{
    let input: I = serde_json::from_value(input)
        .map_err(|e| CognitoError::serialization(format!("Could not read the request: {e}")))?;
    let output = handler(ctx, input)?;
    serde_json::to_vec(&output).map_err(CognitoError::internal)
}

/// The handler of every operation not implemented yet. `dispatch` answers `NotImplementedException`
/// before reaching it; it exists so the registry line has a function to name.
fn unimplemented(_ctx: &Ctx, _input: Empty) -> Result<Empty> {
    Err(CognitoError::not_implemented("this operation"))
}
