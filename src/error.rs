//! The one error type of the emulator: an AWS error code plus a message.
//!
//! Every exception shape of the cognito-idp and cognito-identity models has a variant here (generated once
//! from `fixtures/models`; `tests/it/coverage.rs` checks that none is missing). The domain returns these
//! directly: an emulator's domain errors *are* the AWS errors, so a second error type would only add mapping.
//! This module must not import hyper or serde_json: `http/response.rs` owns the wire form.

use std::borrow::Cow;
use std::fmt;

/// One variant per AWS exception shape, named without the `Exception` suffix
/// (`ErrorCode::as_str` appends it back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The AWS `AccessDeniedException` shape.
    AccessDenied,
    /// The AWS `AliasExistsException` shape.
    AliasExists,
    /// The AWS `CodeDeliveryFailureException` shape.
    CodeDeliveryFailure,
    /// The AWS `CodeMismatchException` shape.
    CodeMismatch,
    /// The AWS `ConcurrentModificationException` shape.
    ConcurrentModification,
    /// The AWS `DeveloperUserAlreadyRegisteredException` shape.
    DeveloperUserAlreadyRegistered,
    /// The AWS `DeviceKeyExistsException` shape.
    DeviceKeyExists,
    /// The AWS `DuplicateProviderException` shape.
    DuplicateProvider,
    /// The AWS `EnableSoftwareTokenMFAException` shape.
    EnableSoftwareTokenMFA,
    /// The AWS `ExpiredCodeException` shape.
    ExpiredCode,
    /// The AWS `ExternalServiceException` shape.
    ExternalService,
    /// The AWS `FeatureUnavailableInTierException` shape.
    FeatureUnavailableInTier,
    /// The AWS `ForbiddenException` shape.
    Forbidden,
    /// The AWS `GroupExistsException` shape.
    GroupExists,
    /// The AWS `InternalErrorException` shape.
    InternalError,
    /// The AWS `InternalServerException` shape.
    InternalServer,
    /// The AWS `InvalidEmailRoleAccessPolicyException` shape.
    InvalidEmailRoleAccessPolicy,
    /// The AWS `InvalidIdentityPoolConfigurationException` shape.
    InvalidIdentityPoolConfiguration,
    /// The AWS `InvalidLambdaResponseException` shape.
    InvalidLambdaResponse,
    /// The AWS `InvalidOAuthFlowException` shape.
    InvalidOAuthFlow,
    /// The AWS `InvalidParameterException` shape.
    InvalidParameter,
    /// The AWS `InvalidPasswordException` shape.
    InvalidPassword,
    /// The AWS `InvalidSmsRoleAccessPolicyException` shape.
    InvalidSmsRoleAccessPolicy,
    /// The AWS `InvalidSmsRoleTrustRelationshipException` shape.
    InvalidSmsRoleTrustRelationship,
    /// The AWS `InvalidUserPoolConfigurationException` shape.
    InvalidUserPoolConfiguration,
    /// The AWS `LimitExceededException` shape.
    LimitExceeded,
    /// The AWS `MFAMethodNotFoundException` shape.
    MFAMethodNotFound,
    /// The AWS `ManagedLoginBrandingExistsException` shape.
    ManagedLoginBrandingExists,
    /// The request carried no usable target or authentication.
    MissingAuthenticationToken,
    /// The AWS `NotAuthorizedException` shape.
    NotAuthorized,
    /// Emulator-only: the operation exists in the AWS model but this emulator does not implement it yet.
    NotImplemented,
    /// The AWS `PasswordHistoryPolicyViolationException` shape.
    PasswordHistoryPolicyViolation,
    /// The AWS `PasswordResetRequiredException` shape.
    PasswordResetRequired,
    /// The AWS `PreconditionNotMetException` shape.
    PreconditionNotMet,
    /// The AWS `RefreshTokenReuseException` shape.
    RefreshTokenReuse,
    /// Emulator-only: the request body is larger than the emulator accepts.
    RequestEntityTooLarge,
    /// The AWS `ResourceConflictException` shape.
    ResourceConflict,
    /// The AWS `ResourceNotFoundException` shape.
    ResourceNotFound,
    /// The AWS `ScopeDoesNotExistException` shape.
    ScopeDoesNotExist,
    /// The request body could not be deserialized (emulator and AWS: malformed JSON or a member of the wrong type).
    Serialization,
    /// The AWS `SoftwareTokenMFANotFoundException` shape.
    SoftwareTokenMFANotFound,
    /// The AWS `TermsExistsException` shape.
    TermsExists,
    /// The AWS `TierChangeNotAllowedException` shape.
    TierChangeNotAllowed,
    /// The AWS `TooManyFailedAttemptsException` shape.
    TooManyFailedAttempts,
    /// The AWS `TooManyRequestsException` shape.
    TooManyRequests,
    /// The AWS `UnauthorizedException` shape.
    Unauthorized,
    /// The AWS `UnexpectedLambdaException` shape.
    UnexpectedLambda,
    /// The X-Amz-Target names no operation of the service.
    UnknownOperation,
    /// The AWS `UnsupportedIdentityProviderException` shape.
    UnsupportedIdentityProvider,
    /// The AWS `UnsupportedOperationException` shape.
    UnsupportedOperation,
    /// The AWS `UnsupportedTokenTypeException` shape.
    UnsupportedTokenType,
    /// The AWS `UnsupportedUserStateException` shape.
    UnsupportedUserState,
    /// The AWS `UserImportInProgressException` shape.
    UserImportInProgress,
    /// The AWS `UserLambdaValidationException` shape.
    UserLambdaValidation,
    /// The AWS `UserNotConfirmedException` shape.
    UserNotConfirmed,
    /// The AWS `UserNotFoundException` shape.
    UserNotFound,
    /// The AWS `UserPoolAddOnNotEnabledException` shape.
    UserPoolAddOnNotEnabled,
    /// The AWS `UserPoolTaggingException` shape.
    UserPoolTagging,
    /// The AWS `UsernameExistsException` shape.
    UsernameExists,
    /// The AWS `WebAuthnChallengeNotFoundException` shape.
    WebAuthnChallengeNotFound,
    /// The AWS `WebAuthnClientMismatchException` shape.
    WebAuthnClientMismatch,
    /// The AWS `WebAuthnConfigurationMissingException` shape.
    WebAuthnConfigurationMissing,
    /// The AWS `WebAuthnCredentialNotSupportedException` shape.
    WebAuthnCredentialNotSupported,
    /// The AWS `WebAuthnNotEnabledException` shape.
    WebAuthnNotEnabled,
    /// The AWS `WebAuthnOriginNotAllowedException` shape.
    WebAuthnOriginNotAllowed,
    /// The AWS `WebAuthnRelyingPartyMismatchException` shape.
    WebAuthnRelyingPartyMismatch,
}

impl ErrorCode {
    /// Every code, for tests that compare this table with the models.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::AccessDenied,
        ErrorCode::AliasExists,
        ErrorCode::CodeDeliveryFailure,
        ErrorCode::CodeMismatch,
        ErrorCode::ConcurrentModification,
        ErrorCode::DeveloperUserAlreadyRegistered,
        ErrorCode::DeviceKeyExists,
        ErrorCode::DuplicateProvider,
        ErrorCode::EnableSoftwareTokenMFA,
        ErrorCode::ExpiredCode,
        ErrorCode::ExternalService,
        ErrorCode::FeatureUnavailableInTier,
        ErrorCode::Forbidden,
        ErrorCode::GroupExists,
        ErrorCode::InternalError,
        ErrorCode::InternalServer,
        ErrorCode::InvalidEmailRoleAccessPolicy,
        ErrorCode::InvalidIdentityPoolConfiguration,
        ErrorCode::InvalidLambdaResponse,
        ErrorCode::InvalidOAuthFlow,
        ErrorCode::InvalidParameter,
        ErrorCode::InvalidPassword,
        ErrorCode::InvalidSmsRoleAccessPolicy,
        ErrorCode::InvalidSmsRoleTrustRelationship,
        ErrorCode::InvalidUserPoolConfiguration,
        ErrorCode::LimitExceeded,
        ErrorCode::MFAMethodNotFound,
        ErrorCode::ManagedLoginBrandingExists,
        ErrorCode::MissingAuthenticationToken,
        ErrorCode::NotAuthorized,
        ErrorCode::NotImplemented,
        ErrorCode::PasswordHistoryPolicyViolation,
        ErrorCode::PasswordResetRequired,
        ErrorCode::PreconditionNotMet,
        ErrorCode::RefreshTokenReuse,
        ErrorCode::RequestEntityTooLarge,
        ErrorCode::ResourceConflict,
        ErrorCode::ResourceNotFound,
        ErrorCode::ScopeDoesNotExist,
        ErrorCode::Serialization,
        ErrorCode::SoftwareTokenMFANotFound,
        ErrorCode::TermsExists,
        ErrorCode::TierChangeNotAllowed,
        ErrorCode::TooManyFailedAttempts,
        ErrorCode::TooManyRequests,
        ErrorCode::Unauthorized,
        ErrorCode::UnexpectedLambda,
        ErrorCode::UnknownOperation,
        ErrorCode::UnsupportedIdentityProvider,
        ErrorCode::UnsupportedOperation,
        ErrorCode::UnsupportedTokenType,
        ErrorCode::UnsupportedUserState,
        ErrorCode::UserImportInProgress,
        ErrorCode::UserLambdaValidation,
        ErrorCode::UserNotConfirmed,
        ErrorCode::UserNotFound,
        ErrorCode::UserPoolAddOnNotEnabled,
        ErrorCode::UserPoolTagging,
        ErrorCode::UsernameExists,
        ErrorCode::WebAuthnChallengeNotFound,
        ErrorCode::WebAuthnClientMismatch,
        ErrorCode::WebAuthnConfigurationMissing,
        ErrorCode::WebAuthnCredentialNotSupported,
        ErrorCode::WebAuthnNotEnabled,
        ErrorCode::WebAuthnOriginNotAllowed,
        ErrorCode::WebAuthnRelyingPartyMismatch,
    ];

    /// The `__type` on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::AccessDenied => "AccessDeniedException",
            ErrorCode::AliasExists => "AliasExistsException",
            ErrorCode::CodeDeliveryFailure => "CodeDeliveryFailureException",
            ErrorCode::CodeMismatch => "CodeMismatchException",
            ErrorCode::ConcurrentModification => "ConcurrentModificationException",
            ErrorCode::DeveloperUserAlreadyRegistered => "DeveloperUserAlreadyRegisteredException",
            ErrorCode::DeviceKeyExists => "DeviceKeyExistsException",
            ErrorCode::DuplicateProvider => "DuplicateProviderException",
            ErrorCode::EnableSoftwareTokenMFA => "EnableSoftwareTokenMFAException",
            ErrorCode::ExpiredCode => "ExpiredCodeException",
            ErrorCode::ExternalService => "ExternalServiceException",
            ErrorCode::FeatureUnavailableInTier => "FeatureUnavailableInTierException",
            ErrorCode::Forbidden => "ForbiddenException",
            ErrorCode::GroupExists => "GroupExistsException",
            ErrorCode::InternalError => "InternalErrorException",
            ErrorCode::InternalServer => "InternalServerException",
            ErrorCode::InvalidEmailRoleAccessPolicy => "InvalidEmailRoleAccessPolicyException",
            ErrorCode::InvalidIdentityPoolConfiguration => {
                "InvalidIdentityPoolConfigurationException"
            }
            ErrorCode::InvalidLambdaResponse => "InvalidLambdaResponseException",
            ErrorCode::InvalidOAuthFlow => "InvalidOAuthFlowException",
            ErrorCode::InvalidParameter => "InvalidParameterException",
            ErrorCode::InvalidPassword => "InvalidPasswordException",
            ErrorCode::InvalidSmsRoleAccessPolicy => "InvalidSmsRoleAccessPolicyException",
            ErrorCode::InvalidSmsRoleTrustRelationship => {
                "InvalidSmsRoleTrustRelationshipException"
            }
            ErrorCode::InvalidUserPoolConfiguration => "InvalidUserPoolConfigurationException",
            ErrorCode::LimitExceeded => "LimitExceededException",
            ErrorCode::MFAMethodNotFound => "MFAMethodNotFoundException",
            ErrorCode::ManagedLoginBrandingExists => "ManagedLoginBrandingExistsException",
            ErrorCode::MissingAuthenticationToken => "MissingAuthenticationTokenException",
            ErrorCode::NotAuthorized => "NotAuthorizedException",
            ErrorCode::NotImplemented => "NotImplementedException",
            ErrorCode::PasswordHistoryPolicyViolation => "PasswordHistoryPolicyViolationException",
            ErrorCode::PasswordResetRequired => "PasswordResetRequiredException",
            ErrorCode::PreconditionNotMet => "PreconditionNotMetException",
            ErrorCode::RefreshTokenReuse => "RefreshTokenReuseException",
            ErrorCode::RequestEntityTooLarge => "RequestEntityTooLargeException",
            ErrorCode::ResourceConflict => "ResourceConflictException",
            ErrorCode::ResourceNotFound => "ResourceNotFoundException",
            ErrorCode::ScopeDoesNotExist => "ScopeDoesNotExistException",
            ErrorCode::Serialization => "SerializationException",
            ErrorCode::SoftwareTokenMFANotFound => "SoftwareTokenMFANotFoundException",
            ErrorCode::TermsExists => "TermsExistsException",
            ErrorCode::TierChangeNotAllowed => "TierChangeNotAllowedException",
            ErrorCode::TooManyFailedAttempts => "TooManyFailedAttemptsException",
            ErrorCode::TooManyRequests => "TooManyRequestsException",
            ErrorCode::Unauthorized => "UnauthorizedException",
            ErrorCode::UnexpectedLambda => "UnexpectedLambdaException",
            ErrorCode::UnknownOperation => "UnknownOperationException",
            ErrorCode::UnsupportedIdentityProvider => "UnsupportedIdentityProviderException",
            ErrorCode::UnsupportedOperation => "UnsupportedOperationException",
            ErrorCode::UnsupportedTokenType => "UnsupportedTokenTypeException",
            ErrorCode::UnsupportedUserState => "UnsupportedUserStateException",
            ErrorCode::UserImportInProgress => "UserImportInProgressException",
            ErrorCode::UserLambdaValidation => "UserLambdaValidationException",
            ErrorCode::UserNotConfirmed => "UserNotConfirmedException",
            ErrorCode::UserNotFound => "UserNotFoundException",
            ErrorCode::UserPoolAddOnNotEnabled => "UserPoolAddOnNotEnabledException",
            ErrorCode::UserPoolTagging => "UserPoolTaggingException",
            ErrorCode::UsernameExists => "UsernameExistsException",
            ErrorCode::WebAuthnChallengeNotFound => "WebAuthnChallengeNotFoundException",
            ErrorCode::WebAuthnClientMismatch => "WebAuthnClientMismatchException",
            ErrorCode::WebAuthnConfigurationMissing => "WebAuthnConfigurationMissingException",
            ErrorCode::WebAuthnCredentialNotSupported => "WebAuthnCredentialNotSupportedException",
            ErrorCode::WebAuthnNotEnabled => "WebAuthnNotEnabledException",
            ErrorCode::WebAuthnOriginNotAllowed => "WebAuthnOriginNotAllowedException",
            ErrorCode::WebAuthnRelyingPartyMismatch => "WebAuthnRelyingPartyMismatchException",
        }
    }

    /// The HTTP status. AWS has been seen answering 400 for every modeled client error (see the reference,
    /// section 1.2), so only the server faults are 5xx. `NotImplemented` is 501, which no SDK retries.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::AccessDenied => 400,
            ErrorCode::AliasExists => 400,
            ErrorCode::CodeDeliveryFailure => 400,
            ErrorCode::CodeMismatch => 400,
            ErrorCode::ConcurrentModification => 400,
            ErrorCode::DeveloperUserAlreadyRegistered => 400,
            ErrorCode::DeviceKeyExists => 400,
            ErrorCode::DuplicateProvider => 400,
            ErrorCode::EnableSoftwareTokenMFA => 400,
            ErrorCode::ExpiredCode => 400,
            ErrorCode::ExternalService => 400,
            ErrorCode::FeatureUnavailableInTier => 400,
            ErrorCode::Forbidden => 400,
            ErrorCode::GroupExists => 400,
            ErrorCode::InternalError => 500,
            ErrorCode::InternalServer => 500,
            ErrorCode::InvalidEmailRoleAccessPolicy => 400,
            ErrorCode::InvalidIdentityPoolConfiguration => 400,
            ErrorCode::InvalidLambdaResponse => 400,
            ErrorCode::InvalidOAuthFlow => 400,
            ErrorCode::InvalidParameter => 400,
            ErrorCode::InvalidPassword => 400,
            ErrorCode::InvalidSmsRoleAccessPolicy => 400,
            ErrorCode::InvalidSmsRoleTrustRelationship => 400,
            ErrorCode::InvalidUserPoolConfiguration => 400,
            ErrorCode::LimitExceeded => 400,
            ErrorCode::MFAMethodNotFound => 400,
            ErrorCode::ManagedLoginBrandingExists => 400,
            ErrorCode::MissingAuthenticationToken => 400,
            ErrorCode::NotAuthorized => 400,
            ErrorCode::NotImplemented => 501,
            ErrorCode::PasswordHistoryPolicyViolation => 400,
            ErrorCode::PasswordResetRequired => 400,
            ErrorCode::PreconditionNotMet => 400,
            ErrorCode::RefreshTokenReuse => 400,
            ErrorCode::RequestEntityTooLarge => 413,
            ErrorCode::ResourceConflict => 400,
            ErrorCode::ResourceNotFound => 400,
            ErrorCode::ScopeDoesNotExist => 400,
            ErrorCode::Serialization => 400,
            ErrorCode::SoftwareTokenMFANotFound => 400,
            ErrorCode::TermsExists => 400,
            ErrorCode::TierChangeNotAllowed => 400,
            ErrorCode::TooManyFailedAttempts => 400,
            ErrorCode::TooManyRequests => 400,
            ErrorCode::Unauthorized => 400,
            ErrorCode::UnexpectedLambda => 400,
            ErrorCode::UnknownOperation => 400,
            ErrorCode::UnsupportedIdentityProvider => 400,
            ErrorCode::UnsupportedOperation => 400,
            ErrorCode::UnsupportedTokenType => 400,
            ErrorCode::UnsupportedUserState => 400,
            ErrorCode::UserImportInProgress => 400,
            ErrorCode::UserLambdaValidation => 400,
            ErrorCode::UserNotConfirmed => 400,
            ErrorCode::UserNotFound => 400,
            ErrorCode::UserPoolAddOnNotEnabled => 400,
            ErrorCode::UserPoolTagging => 400,
            ErrorCode::UsernameExists => 400,
            ErrorCode::WebAuthnChallengeNotFound => 400,
            ErrorCode::WebAuthnClientMismatch => 400,
            ErrorCode::WebAuthnConfigurationMissing => 400,
            ErrorCode::WebAuthnCredentialNotSupported => 400,
            ErrorCode::WebAuthnNotEnabled => 400,
            ErrorCode::WebAuthnOriginNotAllowed => 400,
            ErrorCode::WebAuthnRelyingPartyMismatch => 400,
        }
    }
}
/// An AWS error: the code that becomes `__type` and the message that becomes `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CognitoError {
    code: ErrorCode,
    message: Cow<'static, str>,
}

impl CognitoError {
    /// An error with any code and message.
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        CognitoError {
            code,
            message: message.into(),
        }
    }

    /// The code (`__type`).
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `InvalidParameterException` with the given message.
    pub fn invalid_parameter(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorCode::InvalidParameter, message)
    }

    /// `ResourceNotFoundException` with the given message.
    pub fn resource_not_found(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorCode::ResourceNotFound, message)
    }

    /// `NotAuthorizedException` with the given message.
    pub fn not_authorized(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorCode::NotAuthorized, message)
    }

    /// AWS's answer for an unknown user pool id.
    pub fn user_pool_not_found(pool_id: &str) -> Self {
        Self::resource_not_found(format!("User pool {pool_id} does not exist."))
    }

    /// AWS's answer for an unknown user: "User does not exist.".
    pub fn user_not_found() -> Self {
        Self::new(ErrorCode::UserNotFound, "User does not exist.")
    }

    /// `SerializationException`: the body is not JSON or a member has the wrong JSON type.
    pub fn serialization(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorCode::Serialization, message)
    }

    /// The emulator knows the operation from the models but does not implement it yet. Never fake success.
    pub fn not_implemented(operation: &str) -> Self {
        Self::new(
            ErrorCode::NotImplemented,
            format!("The operation {operation} is not implemented by cognito-emulator yet."),
        )
    }

    /// The emulator itself failed. Logs where, so the failure can be found; the client gets a 500.
    #[track_caller]
    pub fn internal(detail: impl fmt::Display) -> Self {
        let at = std::panic::Location::caller();
        tracing::error!(%at, %detail, "internal error");
        Self::new(ErrorCode::InternalError, "An internal error occurred.")
    }
}

impl fmt::Display for CognitoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for CognitoError {}

/// Shorthand for results of operations and domain functions.
pub type Result<T, E = CognitoError> = std::result::Result<T, E>;
