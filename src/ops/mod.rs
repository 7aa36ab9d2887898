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
pub mod oauth;

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::error::{CognitoError, Result};
use crate::input::Node;
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
    AddCustomAttributes => idp::user_pools::add_custom_attributes,
    GetUserPoolMfaConfig => idp::user_pools::get_user_pool_mfa_config,
    SetUserPoolMfaConfig => idp::user_pools::set_user_pool_mfa_config,
    GetUICustomization => idp::user_pools::get_ui_customization,
    SetUICustomization => idp::user_pools::set_ui_customization,
    TagResource => idp::user_pools::tag_resource,
    UntagResource => idp::user_pools::untag_resource,
    ListTagsForResource => idp::user_pools::list_tags_for_resource,
    GetLogDeliveryConfiguration => idp::user_pools::get_log_delivery_configuration,
    SetLogDeliveryConfiguration => idp::user_pools::set_log_delivery_configuration,
    DescribeRiskConfiguration => idp::user_pools::describe_risk_configuration,
    SetRiskConfiguration => idp::user_pools::set_risk_configuration,

    // ---- clients ----
    CreateUserPoolClient => idp::clients::create_user_pool_client,
    DescribeUserPoolClient => idp::clients::describe_user_pool_client,
    UpdateUserPoolClient => idp::clients::update_user_pool_client,
    DeleteUserPoolClient => idp::clients::delete_user_pool_client,
    ListUserPoolClients => idp::clients::list_user_pool_clients,
    AddUserPoolClientSecret => idp::clients::add_user_pool_client_secret,
    ListUserPoolClientSecrets => idp::clients::list_user_pool_client_secrets,
    DeleteUserPoolClientSecret => idp::clients::delete_user_pool_client_secret,

    // ---- domains ----
    CreateUserPoolDomain => idp::domains::create_user_pool_domain,
    DescribeUserPoolDomain => idp::domains::describe_user_pool_domain,
    UpdateUserPoolDomain => idp::domains::update_user_pool_domain,
    DeleteUserPoolDomain => idp::domains::delete_user_pool_domain,

    // ---- resource_servers ----
    CreateResourceServer => idp::resource_servers::create_resource_server,
    DescribeResourceServer => idp::resource_servers::describe_resource_server,
    UpdateResourceServer => idp::resource_servers::update_resource_server,
    DeleteResourceServer => idp::resource_servers::delete_resource_server,
    ListResourceServers => idp::resource_servers::list_resource_servers,

    // ---- identity_providers ----
    CreateIdentityProvider => idp::identity_providers::create_identity_provider,
    DescribeIdentityProvider => idp::identity_providers::describe_identity_provider,
    UpdateIdentityProvider => idp::identity_providers::update_identity_provider,
    DeleteIdentityProvider => idp::identity_providers::delete_identity_provider,
    ListIdentityProviders => idp::identity_providers::list_identity_providers,
    GetIdentityProviderByIdentifier => idp::identity_providers::get_identity_provider_by_identifier,
    AdminLinkProviderForUser => idp::identity_providers::admin_link_provider_for_user,
    AdminDisableProviderForUser => idp::identity_providers::admin_disable_provider_for_user,

    // ---- groups ----
    CreateGroup => idp::groups::create_group,
    GetGroup => idp::groups::get_group_op,
    UpdateGroup => idp::groups::update_group,
    DeleteGroup => idp::groups::delete_group,
    ListGroups => idp::groups::list_groups,
    AdminAddUserToGroup => idp::groups::admin_add_user_to_group,
    AdminRemoveUserFromGroup => idp::groups::admin_remove_user_from_group,
    AdminListGroupsForUser => idp::groups::admin_list_groups_for_user,
    ListUsersInGroup => idp::groups::list_users_in_group,

    // ---- users ----
    AdminCreateUser => idp::users::admin_create_user,
    AdminGetUser => idp::users::admin_get_user,
    AdminDeleteUser => idp::users::admin_delete_user,
    AdminUpdateUserAttributes => idp::users::admin_update_user_attributes,
    AdminDeleteUserAttributes => idp::users::admin_delete_user_attributes,
    AdminDisableUser => idp::users::admin_disable_user,
    AdminEnableUser => idp::users::admin_enable_user,
    AdminSetUserPassword => idp::users::admin_set_user_password,
    AdminResetUserPassword => idp::users::admin_reset_user_password,
    AdminConfirmSignUp => idp::users::admin_confirm_sign_up,
    ListUsers => idp::users::list_users,

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
    AssociateSoftwareToken => idp::mfa::associate_software_token,
    VerifySoftwareToken => idp::mfa::verify_software_token,
    SetUserMFAPreference => idp::mfa::set_user_mfa_preference,
    AdminSetUserMFAPreference => idp::mfa::admin_set_user_mfa_preference,
    SetUserSettings => idp::mfa::set_user_settings,
    AdminSetUserSettings => idp::mfa::admin_set_user_settings,
    GetUserAuthFactors => idp::user_auth::get_user_auth_factors,

    // ---- devices ----
    ConfirmDevice => idp::devices::confirm_device,
    GetDevice => idp::devices::get_device,
    ListDevices => idp::devices::list_devices,
    ForgetDevice => idp::devices::forget_device,
    UpdateDeviceStatus => idp::devices::update_device_status,
    AdminGetDevice => idp::devices::admin_get_device,
    AdminListDevices => idp::devices::admin_list_devices,
    AdminForgetDevice => idp::devices::admin_forget_device,
    AdminUpdateDeviceStatus => idp::devices::admin_update_device_status,

    // ---- webauthn ----
    StartWebAuthnRegistration => unimplemented,
    CompleteWebAuthnRegistration => unimplemented,
    ListWebAuthnCredentials => unimplemented,
    DeleteWebAuthnCredential => unimplemented,

    // ---- branding ----
    CreateManagedLoginBranding => idp::branding::create_managed_login_branding,
    DescribeManagedLoginBranding => idp::branding::describe_managed_login_branding,
    DescribeManagedLoginBrandingByClient => idp::branding::describe_managed_login_branding_by_client,
    UpdateManagedLoginBranding => idp::branding::update_managed_login_branding,
    DeleteManagedLoginBranding => idp::branding::delete_managed_login_branding,

    // ---- terms ----
    CreateTerms => idp::terms::create_terms,
    DescribeTerms => idp::terms::describe_terms,
    ListTerms => idp::terms::list_terms,
    UpdateTerms => idp::terms::update_terms,
    DeleteTerms => idp::terms::delete_terms,

    // ---- import_jobs ----
    GetCSVHeader => idp::terms::get_csv_header,
    CreateUserImportJob => idp::import_jobs::create_user_import_job,
    DescribeUserImportJob => idp::import_jobs::describe_user_import_job,
    ListUserImportJobs => idp::import_jobs::list_user_import_jobs,
    StartUserImportJob => idp::import_jobs::start_user_import_job,
    StopUserImportJob => idp::import_jobs::stop_user_import_job,

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
    TagResource => identity::tags::tag_resource,
    UntagResource => identity::tags::untag_resource,
    ListTagsForResource => identity::tags::list_tags_for_resource,
    SetIdentityPoolRoles => identity::roles::set_identity_pool_roles,
    GetIdentityPoolRoles => identity::roles::get_identity_pool_roles,
    SetPrincipalTagAttributeMap => identity::roles::set_principal_tag_attribute_map,
    GetPrincipalTagAttributeMap => identity::roles::get_principal_tag_attribute_map,

    // ---- identities ----
    GetId => identity::identities::get_id,
    GetCredentialsForIdentity => identity::identities::get_credentials_for_identity,
    GetOpenIdToken => identity::identities::get_open_id_token,
    GetOpenIdTokenForDeveloperIdentity => identity::identities::get_open_id_token_for_developer_identity,
    DescribeIdentity => identity::identities::describe_identity,
    ListIdentities => identity::identities::list_identities,
    DeleteIdentities => identity::identities::delete_identities,
    LookupDeveloperIdentity => identity::identities::lookup_developer_identity,
    MergeDeveloperIdentities => identity::identities::merge_developer_identities,
    UnlinkDeveloperIdentity => identity::identities::unlink_developer_identity,
    UnlinkIdentity => identity::identities::unlink_identity,
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
    pub fn dispatch(self, ctx: &Ctx, input: &Node<'_>) -> Result<Bytes> {
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

/// What a handler returns: any serializable DTO, or a body serialized ahead of time ([`PreSerialized`]).
pub trait ResponseBody {
    /// The JSON bytes of the response.
    fn into_body(self) -> Result<Bytes>;
}

impl<T: Serialize> ResponseBody for T {
    fn into_body(self) -> Result<Bytes> {
        // Most answers are a few hundred bytes.
        crate::model::json_bytes(&self, 512)
    }
}

/// A response body already serialized: shared with a cache (`DescribeUserPool`'s answer is kept per pool
/// and version, see `UserPool::describe_body`), or written while the pool it borrows from is locked
/// (`AdminCreateUser`, `ListUsers`, `ListUsersInGroup` answer with views of the stored users).
#[derive(Debug, Clone)]
pub struct PreSerialized(pub Bytes);

impl PreSerialized {
    /// Serializes `value` now.
    pub fn of(value: impl Serialize) -> Result<PreSerialized> {
        value.into_body().map(PreSerialized)
    }
}

impl ResponseBody for PreSerialized {
    /// The shared bytes themselves, not a copy.
    fn into_body(self) -> Result<Bytes> {
        Ok(self.0)
    }
}

/// Deserializes the (already validated) input, runs the handler and serializes its output.
fn invoke<I, O>(ctx: &Ctx, input: &Node<'_>, handler: fn(&Ctx, I) -> Result<O>) -> Result<Bytes>
where
    I: DeserializeOwned,
    O: ResponseBody,
{
    let input = I::deserialize(input)
        .map_err(|e| CognitoError::serialization(format!("Could not read the request: {e}")))?;
    handler(ctx, input)?.into_body()
}

/// The handler of every operation not implemented yet. `dispatch` answers `NotImplementedException`
/// before reaching it; it exists so the registry line has a function to name.
fn unimplemented(_ctx: &Ctx, _input: Empty) -> Result<Empty> {
    Err(CognitoError::not_implemented("this operation"))
}
