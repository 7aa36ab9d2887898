//! The AWS service models (`fixtures/models/*.json`, botocore form), compiled once at start-up, and the
//! input validation that every operation gets before any of its logic runs.
//!
//! Validation follows what AWS's front end (Coral) does with a JSON 1.1 request:
//! - a member of the wrong JSON type is a `SerializationException`;
//! - constraint violations (required, length, range, enum, pattern) are collected, in model order, into one
//!   `InvalidParameterException` reading `N validation error(s) detected: Value 'x' at 'path' failed to
//!   satisfy constraint: Member must ...; ...`;
//! - unknown members and explicit `null`s of optional members are ignored.
//!
//! Regular expressions are compiled lazily, on first use, so start-up stays fast. This module knows no HTTP.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde_json::value::RawValue;

use crate::error::{CognitoError, Result};
use crate::input::Node;

/// The raw model files, compiled into the binary so the emulator builds and runs from its own tree.
const IDP_MODEL: &str = include_str!("../fixtures/models/cognito-idp.json");
const IDENTITY_MODEL: &str = include_str!("../fixtures/models/cognito-identity.json");

/// Which JSON 1.1 service a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// User pools: `AWSCognitoIdentityProviderService`.
    Idp,
    /// Identity pools: `AWSCognitoIdentityService`.
    Identity,
}

impl Service {
    /// The `X-Amz-Target` prefix of the service.
    pub fn target_prefix(self) -> &'static str {
        match self {
            Service::Idp => "AWSCognitoIdentityProviderService",
            Service::Identity => "AWSCognitoIdentityService",
        }
    }
}

type ShapeId = usize;

/// Text of the model: borrowed from the model file compiled into the binary (owned only where the JSON
/// had an escape), so compiling the model allocates no string per member name or enum value.
type Text = Cow<'static, str>;

#[derive(Debug)]
struct Member {
    /// The wire name (`UserPoolId`); paths in messages print it with a lowercase first letter.
    name: Text,
    shape: ShapeId,
    required: bool,
}

#[derive(Debug)]
enum Kind {
    Structure {
        /// In model order, the order of AWS's messages.
        members: Vec<Member>,
    },
    String {
        enum_values: Option<Vec<Text>>,
        pattern: Option<Pattern>,
    },
    Integer,
    Float,
    Boolean,
    Timestamp,
    Blob,
    List {
        member: ShapeId,
    },
    Map {
        key: ShapeId,
        value: ShapeId,
    },
    Document,
}

#[derive(Debug)]
struct Pattern {
    source: Text,
    /// Boxed: compiled patterns are few, string shapes many.
    compiled: OnceLock<Option<Box<Compiled>>>,
}

#[derive(Debug)]
struct Compiled {
    regex: fancy_regex::Regex,
    /// For a pattern that is a sequence of single characters, escapes and bracket classes, each maybe
    /// repeated (`[A-Za-z0-9-_=.]+`, `[\w-]+_[0-9a-zA-Z]+`: all the patterns of pool ids, identity ids,
    /// usernames, tokens and most others), which ASCII characters each step accepts. An ASCII value is
    /// then checked against these bitmaps, without running the regex: the regex over a 1 KB access token
    /// was 14% of `GetUser`, and over the pool id about 1% of every user-pool operation. Values with
    /// other characters still go to the regex.
    ascii_steps: Option<AsciiSteps>,
}

/// The steps of an ASCII pattern as a small NFA over bit sets of states: state `j` is "before step `j`";
/// each step accepts the characters of its bitmap once, or (a repeated step) any number of times. `X+`
/// is the two steps `X` and `X*`. Per character, the tables give the states that move on (`advance`) or
/// stay (`stay`), so matching costs a few bit operations per character whatever the number of steps.
#[derive(Debug)]
struct AsciiSteps {
    advance: Box<[u64; 128]>,
    stay: Box<[u64; 128]>,
    /// The repeated steps (which a state may also skip without a character).
    repeated: u64,
    /// The longest run of consecutive repeated steps: how many skips a closure needs.
    longest_run: u32,
    accept: u64,
    /// For a pattern of one repeated class (most of them), its members and whether it may be empty:
    /// checked a byte at a time without the state machine's dependency chain.
    one_class: Option<(u128, bool)>,
}

impl AsciiSteps {
    /// `Some` when the whole pattern is a sequence of atoms (a character, an escape such as `\w`, or a
    /// bracket class without nested brackets), each followed by nothing, `+` or `*`, at most 63 steps.
    /// Anything else (groups, alternation, `.`, `?`, counted repeats) is left to the regex.
    fn of(source: &str) -> Option<AsciiSteps> {
        let body = source.strip_prefix('^').unwrap_or(source);
        let body = match body.strip_suffix('$') {
            Some(b) if !b.ends_with('\\') => b,
            _ => body,
        };
        let chars: Vec<char> = body.chars().collect();
        let mut steps = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let end = atom_end(&chars, i)?;
            let members = ascii_members(&chars.get(i..end)?.iter().collect::<String>())?;
            i = end;
            match chars.get(i) {
                Some('+') => {
                    steps.push((members, false));
                    steps.push((members, true));
                    i += 1;
                }
                Some('*') => {
                    steps.push((members, true));
                    i += 1;
                }
                _ => steps.push((members, false)),
            }
        }
        if steps.len() >= 64 {
            return None;
        }
        let mut advance = Box::new([0u64; 128]);
        let mut stay = Box::new([0u64; 128]);
        let mut repeated = 0u64;
        let (mut run, mut longest_run) = (0u32, 0u32);
        for (j, (members, repeat)) in steps.iter().enumerate() {
            if *repeat {
                repeated |= 1 << j;
                run += 1;
                longest_run = longest_run.max(run);
            } else {
                run = 0;
            }
            for byte in 0..128usize {
                if members & (1 << byte) != 0 {
                    let table = if *repeat { &mut stay } else { &mut advance };
                    if let Some(t) = table.get_mut(byte) {
                        *t |= 1 << j;
                    }
                }
            }
        }
        let one_class = match steps.as_slice() {
            [(members, true)] => Some((*members, true)),
            [(first, false), (members, true)] if first == members => Some((*members, false)),
            _ => None,
        };
        Some(AsciiSteps {
            advance,
            stay,
            repeated,
            longest_run,
            accept: 1 << steps.len(),
            one_class,
        })
    }

    /// Adds the states reachable without a character: past any run of repeated steps.
    fn closure(&self, mut states: u64) -> u64 {
        for _ in 0..self.longest_run {
            states |= (states & self.repeated) << 1;
        }
        states
    }

    /// `None` when the value has a non-ASCII character (the regex decides).
    fn matches(&self, value: &str) -> Option<bool> {
        if !value.is_ascii() {
            return None;
        }
        if let Some((members, allow_empty)) = self.one_class {
            let all = value.bytes().all(|b| members & (1u128 << (b & 0x7f)) != 0);
            return Some(all && (allow_empty || !value.is_empty()));
        }
        let mut states = self.closure(1);
        for b in value.bytes() {
            let i = usize::from(b & 0x7f);
            let advance = self.advance.get(i).copied().unwrap_or(0);
            let stay = self.stay.get(i).copied().unwrap_or(0);
            states = self.closure(((states & advance) << 1) | (states & stay));
            if states == 0 {
                return Some(false);
            }
        }
        Some(states & self.accept != 0)
    }
}

/// Where the atom starting at `start` ends: after a bracket class without nested brackets, an escape,
/// or one plain character. `None` for what `AsciiSteps` leaves to the regex.
fn atom_end(chars: &[char], start: usize) -> Option<usize> {
    match chars.get(start)? {
        '[' => {
            let mut i = start + 1;
            loop {
                match chars.get(i)? {
                    '\\' => i += 2,
                    ']' => return Some(i + 1),
                    '[' => return None,
                    _ => i += 1,
                }
            }
        }
        '\\' => (start + 2 <= chars.len()).then_some(start + 2),
        '(' | ')' | '|' | '.' | '?' | '{' | '}' | '+' | '*' | '^' | '$' => None,
        _ => Some(start + 1),
    }
}

/// The ASCII characters one atom matches, as a bitmap, asked of the regex engine itself.
fn ascii_members(atom: &str) -> Option<u128> {
    let one = fancy_regex::Regex::new(&format!("^{}$", java_to_rust_regex(atom))).ok()?;
    let mut members = 0u128;
    for byte in 0u8..128 {
        let mut buf = [0u8; 4];
        if one.is_match(char::from(byte).encode_utf8(&mut buf)).ok()? {
            members |= 1 << byte;
        }
    }
    Some(members)
}

/// A model pattern (Java syntax) as a regex that must match the whole value, as Java's `matches()`.
fn whole_value_regex(source: &str) -> Option<fancy_regex::Regex> {
    fancy_regex::Regex::new(&format!("^(?:{})$", java_to_rust_regex(source))).ok()
}

impl Pattern {
    /// Java's `matches()` semantics: the whole value must match. A pattern that this regex engine cannot
    /// compile is skipped rather than rejecting valid input (none of the Cognito patterns is such a case).
    fn matches(&self, value: &str) -> bool {
        let compiled = self.compiled.get_or_init(|| {
            Some(Box::new(Compiled {
                regex: whole_value_regex(&self.source)?,
                ascii_steps: AsciiSteps::of(&self.source),
            }))
        });
        let Some(compiled) = compiled else {
            return true;
        };
        if let Some(verdict) = compiled.ascii_steps.as_ref().and_then(|c| c.matches(value)) {
            return verdict;
        }
        compiled.regex.is_match(value).unwrap_or(true)
    }
}

/// Java's `\w` is ASCII-only where Rust's is Unicode; the models also use `\uXXXX` escapes beyond the BMP.
fn java_to_rust_regex(src: &str) -> String {
    let src = src.replace("\\u10000-\\u10FFFF", "\\x{10000}-\\x{10FFFF}");
    let mut out = String::with_capacity(src.len() + 16);
    let mut in_class = 0usize;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('w') if in_class > 0 => out.push_str("0-9A-Za-z_"),
                Some('w') => out.push_str("[0-9A-Za-z_]"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class += 1;
                out.push(c);
            }
            ']' => {
                in_class = in_class.saturating_sub(1);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[derive(Debug)]
struct Shape {
    kind: Kind,
    min: Option<f64>,
    max: Option<f64>,
    sensitive: bool,
}

/// One operation of a service model.
#[derive(Debug)]
pub struct Operation {
    /// The operation name, as in `X-Amz-Target`.
    pub name: &'static str,
    input: Option<ShapeId>,
    /// The error shapes the model says the operation may return.
    pub errors: Vec<String>,
    /// True when SDKs send it unsigned (`authtype: none`).
    pub no_auth: bool,
}

/// A service model, compiled a shape at a time.
///
/// The first answer after start-up waits for the model, and compiling all of the 220 KB user-pool model
/// took 3.4 ms of the 7 from spawn to that answer (2.2 ms with the request reader). So start-up only
/// splits the file into each shape's and each operation's text (serde_json skimming it into borrowed
/// `RawValue`s, no tree built); a shape is compiled the first time a request needs it, then kept.
#[derive(Debug)]
pub struct ServiceModel {
    shapes: Vec<LazyShape>,
    /// Shape name → id, to resolve the names that shapes refer to each other by.
    ids: HashMap<&'static str, ShapeId, foldhash::fast::RandomState>,
    /// Looked up on every request: foldhash rather than SipHash.
    operations: HashMap<&'static str, LazyOperation, foldhash::fast::RandomState>,
}

/// A shape or operation of the model: its name and text, compiled on first use.
#[derive(Debug)]
struct Lazy<T> {
    name: &'static str,
    text: &'static str,
    compiled: OnceLock<T>,
}

impl<T> Lazy<T> {
    fn new(name: &'static str, raw: &'static RawValue) -> Lazy<T> {
        Lazy {
            name,
            text: raw.get(),
            compiled: OnceLock::new(),
        }
    }
}

type LazyShape = Lazy<Shape>;
type LazyOperation = Lazy<Operation>;

/// Both JSON 1.1 models, compiled on first use.
pub fn model(service: Service) -> &'static ServiceModel {
    static IDP: OnceLock<ServiceModel> = OnceLock::new();
    static IDENTITY: OnceLock<ServiceModel> = OnceLock::new();
    match service {
        Service::Idp => IDP.get_or_init(|| ServiceModel::parse(IDP_MODEL)),
        Service::Identity => IDENTITY.get_or_init(|| ServiceModel::parse(IDENTITY_MODEL)),
    }
}

/// Splits both models into their shapes now instead of on the first request (0.44 ms for the 220 KB
/// user-pool model): the binary calls it on a thread of its own at start-up, while the listener is set up.
pub fn warm() {
    model(Service::Idp);
    model(Service::Identity);
}

impl ServiceModel {
    /// Reads a service's model afresh (what `model` does once): for the start-up benchmark.
    pub fn compile(service: Service) -> ServiceModel {
        match service {
            Service::Idp => ServiceModel::parse(IDP_MODEL),
            Service::Identity => ServiceModel::parse(IDENTITY_MODEL),
        }
    }

    /// Compiles every shape and operation now (what requests otherwise do one shape at a time): for the
    /// start-up benchmark and the tests that look at every shape.
    pub fn compile_all(&self) {
        for id in 0..self.shapes.len() {
            self.shape(id);
        }
        for op in self.operations.values() {
            self.compiled_operation(op);
        }
    }
}

/// The members of a model object (empty for anything else).
fn pairs<'n>(v: Option<&'n Node<'static>>) -> &'n [(Text, Node<'static>)] {
    match v {
        Some(Node::Object(p)) => p,
        _ => &[],
    }
}

/// The items of a model array (empty for anything else).
fn items<'n>(v: Option<&'n Node<'static>>) -> &'n [Node<'static>] {
    match v {
        Some(Node::Array(a)) => a,
        _ => &[],
    }
}

fn string<'n>(v: Option<&'n Node<'static>>) -> Option<&'n str> {
    match v {
        Some(Node::String(s)) => Some(s),
        _ => None,
    }
}

fn number(v: Option<&Node<'static>>) -> Option<f64> {
    match v {
        Some(Node::Number(n)) => n.as_f64(),
        _ => None,
    }
}

fn flag(v: Option<&Node<'static>>) -> bool {
    matches!(v, Some(Node::Bool(true)))
}

impl ServiceModel {
    /// Splits a botocore-style model into its shapes and operations. The models are vendored and fixed at
    /// build time, so a malformed one is a build defect that the unit tests catch; reading is lenient
    /// and skips what it cannot read.
    fn parse(text: &'static str) -> ServiceModel {
        // Sorted by name: ids do not depend on the file's order.
        type Entries<'a> = BTreeMap<&'a str, &'a RawValue>;
        #[derive(serde::Deserialize, Default)]
        #[serde(default)]
        struct Top<'a> {
            #[serde(borrow)]
            shapes: Entries<'a>,
            #[serde(borrow)]
            operations: Entries<'a>,
        }
        let top: Top<'static> = serde_json::from_str(text).unwrap_or_default();
        let mut ids = HashMap::with_capacity_and_hasher(top.shapes.len(), Default::default());
        let mut shapes = Vec::with_capacity(top.shapes.len());
        for (i, (name, raw)) in top.shapes.into_iter().enumerate() {
            ids.insert(name, i);
            shapes.push(LazyShape::new(name, raw));
        }
        let operations = top
            .operations
            .into_iter()
            .map(|(name, raw)| (name, LazyOperation::new(name, raw)))
            .collect();
        ServiceModel {
            shapes,
            ids,
            operations,
        }
    }

    /// The id of the shape a `{"shape": "Name"}` reference names (`usize::MAX`, no shape, if none).
    fn target(&self, v: Option<&Node<'static>>) -> ShapeId {
        string(v.and_then(|m| m.get("shape")))
            .and_then(|n| self.ids.get(n).copied())
            .unwrap_or(usize::MAX)
    }

    /// A shape, compiled on first use.
    fn shape(&self, id: ShapeId) -> Option<&Shape> {
        let lazy = self.shapes.get(id)?;
        Some(lazy.compiled.get_or_init(|| self.compile_shape(lazy)))
    }

    fn compile_shape(&self, lazy: &LazyShape) -> Shape {
        let s = Node::parse(lazy.text.as_bytes()).unwrap_or(Node::Null);
        let ty = string(s.get("type")).unwrap_or("structure");
        let kind = match ty {
            "structure" if flag(s.get("document")) => Kind::Document,
            "structure" => {
                let required = items(s.get("required"));
                Kind::Structure {
                    members: pairs(s.get("members"))
                        .iter()
                        .map(|(k, v)| Member {
                            name: k.clone(),
                            shape: self.target(Some(v)),
                            required: required.iter().any(|r| string(Some(r)) == Some(k.as_ref())),
                        })
                        .collect(),
                }
            }
            "string" => Kind::String {
                enum_values: s.get("enum").map(|e| {
                    items(Some(e))
                        .iter()
                        .filter_map(|x| match x {
                            Node::String(v) => Some(v.clone()),
                            _ => None,
                        })
                        .collect()
                }),
                // `DomainType`'s pattern allows only prefixes, yet AWS accepts custom domains
                // (`auth.example.com`) in the same member; the domain ops check both forms.
                pattern: match s.get("pattern") {
                    Some(Node::String(p)) if lazy.name != "DomainType" => Some(Pattern {
                        source: p.clone(),
                        compiled: OnceLock::new(),
                    }),
                    _ => None,
                },
            },
            "integer" | "long" => Kind::Integer,
            "double" | "float" => Kind::Float,
            "boolean" => Kind::Boolean,
            "timestamp" => Kind::Timestamp,
            "blob" => Kind::Blob,
            "list" => Kind::List {
                member: self.target(s.get("member")),
            },
            "map" => Kind::Map {
                key: self.target(s.get("key")),
                value: self.target(s.get("value")),
            },
            _ => Kind::Document,
        };
        Shape {
            kind,
            min: number(s.get("min")),
            max: number(s.get("max")),
            sensitive: flag(s.get("sensitive")),
        }
    }

    fn compiled_operation<'m>(&'m self, lazy: &'m LazyOperation) -> &'m Operation {
        lazy.compiled.get_or_init(|| {
            let op = Node::parse(lazy.text.as_bytes()).unwrap_or(Node::Null);
            Operation {
                name: lazy.name,
                input: op.get("input").map(|i| self.target(Some(i))),
                errors: items(op.get("errors"))
                    .iter()
                    .filter_map(|x| string(x.get("shape")))
                    .map(str::to_owned)
                    .collect(),
                no_auth: string(op.get("authtype")) == Some("none"),
            }
        })
    }

    /// The operation of that name, if the model has it.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations
            .get(name)
            .map(|lazy| self.compiled_operation(lazy))
    }

    /// Every operation name of the model.
    pub fn operation_names(&self) -> impl Iterator<Item = &str> {
        self.operations.keys().copied()
    }

    /// Validates an operation's input against the model. `Ok` means the logic may run.
    pub fn validate(&self, op: &Operation, input: &Node<'_>) -> Result<()> {
        let Some(shape) = op.input else {
            return Ok(());
        };
        let mut v = Validator {
            model: self,
            violations: Vec::new(),
            // Member paths are short ("UserAttributes.1.member.Value"): one allocation, not a doubling
            // series per request.
            path: Vec::with_capacity(8),
        };
        v.check_type_and_constraints(shape, input)?;
        match v.violations.len() {
            0 => Ok(()),
            n => {
                let mut msg = format!(
                    "{n} validation error{} detected: ",
                    if n == 1 { "" } else { "s" }
                );
                msg.push_str(&v.violations.join("; "));
                Err(CognitoError::invalid_parameter(msg))
            }
        }
    }
}

struct Validator<'m, 'v> {
    model: &'m ServiceModel,
    violations: Vec<String>,
    /// Where the value being checked is, written out only for a violation: writing every list index
    /// of a valid request was wasted work.
    path: Vec<Segment<'m, 'v>>,
}

/// One step of a member path.
#[derive(Clone, Copy)]
enum Segment<'m, 'v> {
    /// A structure member, by its wire name: printed with its first letter in lowercase, as AWS does.
    Member(&'m str),
    /// `key`: a map's key.
    Key,
    /// A list member: `<index>.member`, counted from 1.
    Item(usize),
    /// A map value: `<key>.member`.
    Value(&'v str),
}

impl std::fmt::Display for Segment<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Segment::Member(name) => {
                let mut chars = name.chars();
                if let Some(first) = chars.next() {
                    for c in first.to_lowercase() {
                        f.write_char(c)?;
                    }
                }
                f.write_str(chars.as_str())
            }
            Segment::Key => f.write_str("key"),
            Segment::Item(i) => write!(f, "{i}.member"),
            Segment::Value(key) => write!(f, "{key}.member"),
        }
    }
}

/// Renders a value as AWS does in validation messages (Java's `toString`).
fn render(value: &Node<'_>, out: &mut String) {
    match value {
        Node::String(s) => out.push_str(s),
        Node::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render(item, out);
            }
            out.push(']');
        }
        Node::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                render(item, out);
            }
            out.push('}');
        }
        Node::Null => out.push_str("null"),
        Node::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Node::Number(n) => {
            let _ = write!(out, "{n}");
        }
    }
}

fn type_error(expected: &str) -> CognitoError {
    CognitoError::serialization(format!(
        "Unexpected JSON type where {expected} was expected."
    ))
}

impl<'m, 'v> Validator<'m, 'v> {
    fn violation(&mut self, shape: &Shape, value: Option<&Node<'_>>, constraint: &str) {
        let mut line = String::from("Value ");
        match value {
            None => line.push_str("null "),
            // AWS prints no value for members whose shape is marked sensitive (passwords, tokens, codes).
            Some(_) if shape.sensitive => {}
            Some(v) => {
                line.push('\'');
                render(v, &mut line);
                line.push_str("' ");
            }
        }
        line.push_str("at '");
        for (i, segment) in self.path.iter().enumerate() {
            if i > 0 {
                line.push('.');
            }
            let _ = write!(line, "{segment}");
        }
        let _ = write!(
            line,
            "' failed to satisfy constraint: Member must {constraint}"
        );
        self.violations.push(line);
    }

    /// Runs `f` with `segment` appended to the path.
    fn with_path<F>(&mut self, segment: Segment<'m, 'v>, f: F) -> Result<()>
    where
        F: FnOnce(&mut Self) -> Result<()>,
    {
        self.path.push(segment);
        let r = f(self);
        self.path.pop();
        r
    }

    fn length_checks(&mut self, shape: &Shape, value: &Node<'_>, len: usize) {
        if let Some(min) = shape.min {
            if (len as f64) < min {
                self.violation(
                    shape,
                    Some(value),
                    &format!("have length greater than or equal to {min}"),
                );
            }
        }
        if let Some(max) = shape.max {
            if (len as f64) > max {
                self.violation(
                    shape,
                    Some(value),
                    &format!("have length less than or equal to {max}"),
                );
            }
        }
    }

    fn check_type_and_constraints(&mut self, id: ShapeId, value: &'v Node<'v>) -> Result<()> {
        let model = self.model;
        let Some(shape) = model.shape(id) else {
            return Ok(());
        };
        match &shape.kind {
            Kind::Structure { members } => {
                if !value.is_object() {
                    return Err(type_error("a structure"));
                }
                for member in members {
                    let member_value = value.get(&member.name).filter(|v| !v.is_null());
                    match member_value {
                        None => {
                            if member.required {
                                let member_shape = model.shape(member.shape).unwrap_or(shape);
                                self.with_path(Segment::Member(&member.name), |v| {
                                    v.violation(member_shape, None, "not be null");
                                    Ok(())
                                })?;
                            }
                        }
                        Some(mv) => self.with_path(Segment::Member(&member.name), |v| {
                            v.check_type_and_constraints(member.shape, mv)
                        })?,
                    }
                }
            }
            Kind::List { member } => {
                let Node::Array(items) = value else {
                    return Err(type_error("a list"));
                };
                self.length_checks(shape, value, items.len());
                for (i, item) in items.iter().enumerate() {
                    if item.is_null() {
                        continue;
                    }
                    self.with_path(Segment::Item(i + 1), |v| {
                        v.check_type_and_constraints(*member, item)
                    })?;
                }
            }
            Kind::Map { key, value: vshape } => {
                let Node::Object(map) = value else {
                    return Err(type_error("a map"));
                };
                self.length_checks(shape, value, map.len());
                for (k, item) in map {
                    let key_value = Node::String(std::borrow::Cow::Borrowed(k));
                    let key_shape = model.shape(*key);
                    self.with_path(Segment::Key, |v| match key_shape {
                        Some(key_shape) => v.check_leaf(key_shape, &key_value),
                        None => Ok(()),
                    })?;
                    if item.is_null() {
                        continue;
                    }
                    self.with_path(Segment::Value(k), |v| {
                        v.check_type_and_constraints(*vshape, item)
                    })?;
                }
            }
            _ => return self.check_leaf(shape, value),
        }
        Ok(())
    }

    /// The checks of a value that holds no other (the path does not grow), and the type errors of
    /// containers given where a leaf was (a map key is checked here).
    fn check_leaf(&mut self, shape: &Shape, value: &Node<'_>) -> Result<()> {
        match &shape.kind {
            Kind::String {
                enum_values,
                pattern,
            } => {
                let Node::String(s) = value else {
                    return Err(type_error("a string"));
                };
                self.length_checks(shape, value, s.chars().count());
                if let Some(values) = enum_values {
                    if !values.iter().any(|e| e == s) {
                        self.violation(
                            shape,
                            Some(value),
                            &format!("satisfy enum value set: [{}]", values.join(", ")),
                        );
                    }
                }
                if let Some(p) = pattern {
                    if !p.matches(s) {
                        self.violation(
                            shape,
                            Some(value),
                            &format!("satisfy regular expression pattern: {}", p.source),
                        );
                    }
                }
            }
            Kind::Integer => {
                let Some(n) = value.as_i64() else {
                    return Err(type_error("an integer"));
                };
                if let Some(min) = shape.min {
                    if (n as f64) < min {
                        self.violation(
                            shape,
                            Some(value),
                            &format!("have value greater than or equal to {min}"),
                        );
                    }
                }
                if let Some(max) = shape.max {
                    if (n as f64) > max {
                        self.violation(
                            shape,
                            Some(value),
                            &format!("have value less than or equal to {max}"),
                        );
                    }
                }
            }
            Kind::Float => {
                if !value.is_number() {
                    return Err(type_error("a number"));
                }
            }
            Kind::Boolean => {
                if !matches!(value, Node::Bool(_)) {
                    return Err(type_error("a boolean"));
                }
            }
            Kind::Timestamp => {
                if !value.is_number() {
                    return Err(type_error("a timestamp"));
                }
            }
            Kind::Blob => {
                if !matches!(value, Node::String(_)) {
                    return Err(type_error("a base64 blob"));
                }
            }
            Kind::Structure { .. } => return Err(type_error("a structure")),
            Kind::List { .. } => return Err(type_error("a list")),
            Kind::Map { .. } => return Err(type_error("a map")),
            Kind::Document => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn all_shapes(m: &ServiceModel) -> impl Iterator<Item = &Shape> {
        (0..m.shapes.len()).filter_map(|id| m.shape(id))
    }

    fn check(op: &str, body: Value) -> Result<()> {
        let m = model(Service::Idp);
        let text = body.to_string();
        m.validate(
            m.operation(op).unwrap(),
            &Node::parse(text.as_bytes()).unwrap(),
        )
    }

    #[test]
    fn models_have_every_operation() {
        assert_eq!(model(Service::Idp).operation_names().count(), 122);
        assert_eq!(model(Service::Identity).operation_names().count(), 23);
    }

    #[test]
    fn pattern_violation_has_aws_message() {
        let err = check("DescribeUserPool", json!({"UserPoolId": "x"})).unwrap_err();
        assert_eq!(
            err.message(),
            "1 validation error detected: Value 'x' at 'userPoolId' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+"
        );
    }

    #[test]
    fn missing_required_member_is_null() {
        let err = check("CreateUserPool", json!({})).unwrap_err();
        assert_eq!(
            err.message(),
            "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: \
             Member must not be null"
        );
    }

    #[test]
    fn several_violations_are_counted_and_joined() {
        let err = check("AdminGetUser", json!({"UserPoolId": "bad"})).unwrap_err();
        assert!(err.message().starts_with("2 validation errors detected: "));
        assert!(err.message().contains("; "));
    }

    #[test]
    fn wrong_json_type_is_serialization_error() {
        let err = check("CreateUserPool", json!({"PoolName": 5})).unwrap_err();
        assert_eq!(err.code(), crate::error::ErrorCode::Serialization);
    }

    #[test]
    fn enum_and_range_and_sensitive() {
        let err = check(
            "CreateUserPool",
            json!({"PoolName": "p", "MfaConfiguration": "MAYBE",
                   "Policies": {"PasswordPolicy": {"MinimumLength": 3}}}),
        )
        .unwrap_err();
        assert!(err
            .message()
            .contains("Value 'MAYBE' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"), "{}", err.message());
        assert!(err.message().contains("Value '3' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6"), "{}", err.message());
        let err = check(
            "SignUp",
            json!({"ClientId": "abc", "Username": "u", "Password": ""}),
        )
        .unwrap_err();
        assert!(
            err.message().contains("Value at 'password' failed"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn list_members_are_indexed_from_one() {
        let err = check(
            "AdminCreateUser",
            json!({"UserPoolId": "us-east-1_abc", "Username": "u",
                   "UserAttributes": [{"Name": "email", "Value": "a@b.c"}, {"Value": "x"}]}),
        )
        .unwrap_err();
        assert!(
            err.message().contains("at 'userAttributes.2.member.name'"),
            "{}",
            err.message()
        );
    }

    /// The ASCII steps of a pattern answer exactly what the regex answers.
    #[test]
    fn ascii_steps_agree_with_the_regex() {
        let mut bitmaps = 0;
        for service in [Service::Idp, Service::Identity] {
            for shape in all_shapes(model(service)) {
                let Kind::String {
                    pattern: Some(p), ..
                } = &shape.kind
                else {
                    continue;
                };
                let Some(class) = AsciiSteps::of(&p.source) else {
                    continue;
                };
                bitmaps += 1;
                let re = whole_value_regex(&p.source).unwrap();
                let mut samples: Vec<String> =
                    (0u8..128).map(|b| char::from(b).to_string()).collect();
                samples.extend(
                    [
                        "",
                        "ab",
                        "a b",
                        "a_b-c=d.e",
                        "x\ty",
                        "{####}",
                        "user@example.com",
                        "@",
                        "a@",
                        "us-east-1_AbC123xyz",
                        "us-east-1_",
                        "_abc",
                        "a__b",
                        "a_b_c",
                        "us-east-1:0f1e2d3c-aaaa-4bbb-8ccc-0123456789ab",
                        "us-east-1:",
                        "a:b:c",
                        "import-abc-123",
                        "import-",
                        "12345",
                        "12a",
                    ]
                    .map(String::from),
                );
                for v in samples {
                    assert_eq!(
                        class.matches(&v),
                        Some(re.is_match(&v).unwrap()),
                        "{} on {v:?}",
                        p.source
                    );
                }
                assert_eq!(class.matches("é"), None);
            }
        }
        for hot in ["[\\w-]+_[0-9a-zA-Z]+", "[\\w-]+:[0-9a-f-]+", "\\d+"] {
            assert!(AsciiSteps::of(hot).is_some(), "{hot}");
        }
        assert!(
            bitmaps >= 30,
            "only {bitmaps} patterns took the bitmap path"
        );
    }

    #[test]
    fn every_pattern_compiles() {
        for service in [Service::Idp, Service::Identity] {
            for shape in all_shapes(model(service)) {
                if let Kind::String {
                    pattern: Some(p), ..
                } = &shape.kind
                {
                    assert!(whole_value_regex(&p.source).is_some(), "{}", p.source);
                }
            }
        }
    }

    /// The compiled models say what serde_json reads in the model files: every shape's kind, bounds,
    /// members (order, target, required), enum values and pattern, and every operation's input and
    /// errors. (The compiler reads the files with the request reader, for start-up time.)
    #[test]
    fn compiled_models_agree_with_serde_json() {
        for (service, text) in [
            (Service::Idp, IDP_MODEL),
            (Service::Identity, IDENTITY_MODEL),
        ] {
            let m = ServiceModel::compile(service);
            let raw: Value = serde_json::from_str(text).unwrap();
            let shapes = raw["shapes"].as_object().unwrap();
            // A reference compiles to the id of the shape it names.
            let id = |v: &Value| {
                let id = m.ids[v["shape"].as_str().unwrap()];
                assert_eq!(m.shapes[id].name, v["shape"]);
                id
            };
            assert_eq!(m.shapes.len(), shapes.len());
            for (name, s) in shapes {
                let shape = m.shape(m.ids[name.as_str()]).unwrap();
                assert_eq!(shape.min, s["min"].as_f64(), "{name}");
                assert_eq!(shape.max, s["max"].as_f64(), "{name}");
                assert_eq!(shape.sensitive, s["sensitive"] == true, "{name}");
                let strings = |v: &Value| -> Vec<String> {
                    v.as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_owned())
                        .collect()
                };
                match (&shape.kind, s["type"].as_str().unwrap()) {
                    (Kind::Structure { members }, "structure") => {
                        let want = s["members"].as_object().unwrap();
                        let required = s.get("required").map(strings).unwrap_or_default();
                        assert_eq!(members.len(), want.len(), "{name}");
                        for (m, (k, v)) in members.iter().zip(want) {
                            assert_eq!((&*m.name, m.shape), (k.as_str(), id(v)), "{name}");
                            assert_eq!(m.required, required.contains(k), "{name}.{k}");
                        }
                    }
                    (Kind::Document, "structure") => assert_eq!(s["document"], true, "{name}"),
                    (
                        Kind::String {
                            enum_values,
                            pattern,
                        },
                        "string",
                    ) => {
                        let want = s.get("enum").map(strings);
                        let got = enum_values
                            .as_ref()
                            .map(|e| e.iter().map(|x| x.to_string()).collect::<Vec<_>>());
                        assert_eq!(got, want, "{name}");
                        let want = s["pattern"].as_str().filter(|_| name != "DomainType");
                        assert_eq!(pattern.as_ref().map(|p| &*p.source), want, "{name}");
                    }
                    (Kind::List { member }, "list") => assert_eq!(*member, id(&s["member"])),
                    (Kind::Map { key, value }, "map") => {
                        assert_eq!((*key, *value), (id(&s["key"]), id(&s["value"])), "{name}")
                    }
                    (Kind::Integer, "integer" | "long")
                    | (Kind::Float, "double" | "float")
                    | (Kind::Boolean, "boolean")
                    | (Kind::Timestamp, "timestamp")
                    | (Kind::Blob, "blob") => {}
                    (kind, ty) => panic!("{name}: {ty} compiled as {kind:?}"),
                }
            }
            let ops = raw["operations"].as_object().unwrap();
            assert_eq!(m.operations.len(), ops.len());
            for (name, op) in ops {
                let got = m.operation(name).unwrap();
                assert_eq!(got.input, op.get("input").map(id), "{name}");
                let errors: Vec<String> = op["errors"]
                    .as_array()
                    .map(|e| {
                        e.iter()
                            .map(|x| x["shape"].as_str().unwrap().to_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                assert_eq!(got.errors, errors, "{name}");
                assert_eq!(got.no_auth, op["authtype"] == "none", "{name}");
            }
        }
    }
}
