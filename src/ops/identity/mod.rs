//! Identity-pool operations (`AWSCognitoIdentityService`), one file per resource group.

pub mod identities;
pub mod logins;
pub mod pools;
pub mod roles;
pub mod tags;
