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

const OPS_START: &str = "<!-- ops:start -->";
const OPS_END: &str = "<!-- ops:end -->";

/// The README's table of operations, rendered from the registry (order as in `ops/mod.rs`).
fn render_ops_table() -> String {
    let mut out = String::new();
    out.push_str(OPS_START);
    out.push_str(
        "\n<!-- Generated from src/ops/mod.rs by tests/it/coverage.rs; \
         refresh with: UPDATE_README=1 cargo test --test it readme -->\n",
    );
    let idp_done = IdpOp::ALL.iter().filter(|o| o.is_implemented()).count();
    let id_done = IdentityOp::ALL
        .iter()
        .filter(|o| o.is_implemented())
        .count();
    out.push_str(&format!(
        "\n{} of {} operations implemented: cognito-idp {idp_done} of {}, cognito-identity {id_done} of {}. \
         The others answer `501 NotImplementedException`.\n",
        idp_done + id_done,
        IdpOp::ALL.len() + IdentityOp::ALL.len(),
        IdpOp::ALL.len(),
        IdentityOp::ALL.len()
    ));
    let status = |implemented: bool| {
        if implemented {
            "✅ implemented"
        } else {
            "— 501 NotImplemented"
        }
    };
    out.push_str("\n| cognito-idp (`AWSCognitoIdentityProviderService`) | Status |\n|---|---|\n");
    for op in IdpOp::ALL {
        out.push_str(&format!(
            "| {} | {} |\n",
            op.name(),
            status(op.is_implemented())
        ));
    }
    out.push_str("\n| cognito-identity (`AWSCognitoIdentityService`) | Status |\n|---|---|\n");
    for op in IdentityOp::ALL {
        out.push_str(&format!(
            "| {} | {} |\n",
            op.name(),
            status(op.is_implemented())
        ));
    }
    out.push('\n');
    out.push_str(OPS_END);
    out
}

#[test]
fn readme_operations_table_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find(OPS_START)
        .unwrap_or_else(|| panic!("README.md has no {OPS_START} marker"));
    let end = readme
        .find(OPS_END)
        .unwrap_or_else(|| panic!("README.md has no {OPS_END} marker"))
        + OPS_END.len();
    let current = &readme[start..end];
    let rendered = render_ops_table();
    if current == rendered {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..start], rendered, &readme[end..]);
        std::fs::write(path, updated).unwrap();
        println!("README.md operations table rewritten");
        return;
    }
    panic!(
        "README.md's operations table is out of date with src/ops/mod.rs.\n\
         Regenerate it with: UPDATE_README=1 cargo test --test it readme"
    );
}
