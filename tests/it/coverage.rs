//! The registry against the models: every operation the models name is registered (implemented or
//! answering NotImplementedException), and nothing else is. The implemented count is printed, so it is a
//! fact of the test run rather than a claim.

use cognito_emulator::ops::{IdentityOp, IdpOp};
use cognito_emulator::smithy::{model, Service};
use std::collections::BTreeSet;

#[test]
fn registry_equals_the_models() {
    let idp_model: BTreeSet<&str> = model(Service::Idp).operation_names().collect();
    let idp_registry: BTreeSet<&str> = IdpOp::ALL.iter().map(|o| o.name()).collect();
    assert_eq!(idp_model, idp_registry);
    assert_eq!(idp_registry.len(), 122);

    let id_model: BTreeSet<&str> = model(Service::Identity).operation_names().collect();
    let id_registry: BTreeSet<&str> = IdentityOp::ALL.iter().map(|o| o.name()).collect();
    assert_eq!(id_model, id_registry);
    assert_eq!(id_registry.len(), 23);

    let implemented = IdpOp::ALL.iter().filter(|o| o.is_implemented()).count()
        + IdentityOp::ALL
            .iter()
            .filter(|o| o.is_implemented())
            .count();
    println!("implemented operations: {implemented} of 145");
    assert!(implemented >= 10);
}

#[test]
fn every_modeled_error_has_a_code() {
    let codes: BTreeSet<&str> = cognito_emulator::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    for service in [Service::Idp, Service::Identity] {
        let m = model(service);
        for name in m.operation_names() {
            for err in &m.operation(name).unwrap().errors {
                assert!(
                    codes.contains(err.as_str()),
                    "{err} of {name} has no ErrorCode"
                );
            }
        }
    }
}
