//! Expands the registry in `ops/mod.rs`: for each service an enum of its operations, the name lookup,
//! whether the op is implemented, the dispatch arm, and `ALL`. Adding an operation is one line there.

/// See the module docs.
macro_rules! operations {
    (
        $( $service:ident : $enum_name:ident {
            $( $op:ident => $handler:ident $(:: $handler_rest:ident)* ),* $(,)?
        } )*
    ) => {
        $(
            /// The operations of one service, as the registry lists them.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum $enum_name {
                $(
                    #[doc = concat!("`", stringify!($op), "`")]
                    $op,
                )*
            }

            impl $enum_name {
                /// Every operation of the service.
                pub const ALL: &'static [$enum_name] = &[$($enum_name::$op),*];

                /// The operation name, as in `X-Amz-Target`.
                pub fn name(self) -> &'static str {
                    match self {
                        $($enum_name::$op => stringify!($op),)*
                    }
                }

                /// The operation called `name`, if the service has it.
                pub fn from_name(name: &str) -> Option<Self> {
                    match name {
                        $(stringify!($op) => Some($enum_name::$op),)*
                        _ => None,
                    }
                }

                /// False for operations that answer `NotImplementedException`.
                pub fn is_implemented(self) -> bool {
                    match self {
                        $($enum_name::$op => stringify!($handler $(:: $handler_rest)*) != "unimplemented",)*
                    }
                }

                /// Runs the operation on an input that has passed model validation.
                pub fn dispatch(self, ctx: &Ctx, input: &Node<'_>) -> Result<bytes::Bytes> {
                    if !self.is_implemented() {
                        return Err(CognitoError::not_implemented(self.name()));
                    }
                    match self {
                        $($enum_name::$op => invoke(ctx, input, $handler $(:: $handler_rest)*),)*
                    }
                }
            }
        )*
    };
}

pub(crate) use operations;
