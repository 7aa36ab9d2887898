//! Identity-pool operations (`AWSCognitoIdentityService`), one file per resource group.

pub mod pools;
