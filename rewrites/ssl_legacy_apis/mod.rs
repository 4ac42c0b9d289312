use crate::kit::declare::Check;
use crate::kit::check_changed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{CallFix, CallIssue, CallSite, Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # ssl-legacy-apis
    ///
    ///
    /// ## What it does
    /// - `ssl.wrap_socket(sock, …)` becomes a call of a `wrap_socket` function added to the module,
    ///   with the same parameters and behaviour, built on `ssl.SSLContext` (`PROTOCOL_TLS_CLIENT` or
    ///   `PROTOCOL_TLS_SERVER`, host name checking off, `cert_reqs` as given, `CERT_NONE` by
    ///   default, exactly as the old function set up its context);
    /// - `ssl.RAND_pseudo_bytes(n)` becomes `(os.urandom(n), True)`;
    /// - `ssl.match_hostname` is reported: use a context with `check_hostname = True` and
    ///   `wrap_socket(…, server_hostname=host)`;
    /// - `keyfile=` / `certfile=` of `ftplib.FTP_TLS`, `imaplib.IMAP4_SSL`, `poplib.POP3_SSL`,
    ///   `smtplib.SMTP_SSL` and `SMTP.starttls`, `key_file=` / `cert_file=` / `check_hostname=` of
    ///   `http.client.HTTPSConnection`, and `ftplib.FTP_TLS.ssl_version` (removed in 3.12) are
    ///   reported with the replacement: `context = ssl.create_default_context();
    ///   context.load_cert_chain(certfile, keyfile)`, then `context=context` (`ssl_context=` for
    ///   `IMAP4_SSL`), and `context.check_hostname = False` for `check_hostname=False`;
    /// - `ssl.PROTOCOL_TLS`, `PROTOCOL_SSLv23`, `PROTOCOL_TLSv1*`, the `OP_NO_*` options and
    ///   `ssl.SSLContext()` without a protocol (deprecated since 3.10, they warn) are reported:
    ///   use `PROTOCOL_TLS_CLIENT` / `PROTOCOL_TLS_SERVER` and `context.minimum_version`.
    ///
    /// ## Why
    /// These functions and arguments were deprecated since Python 3.6–3.7 and removed in 3.12; the
    /// protocol selectors are deprecated since 3.10.
    ///
    /// ## Example
    /// ```python
    /// tls = ssl.wrap_socket(sock)
    /// ```
    /// becomes
    /// ```python
    /// def wrap_socket(sock, keyfile=None, certfile=None, server_side=False, …):
    ///     …  # ssl.wrap_socket's behaviour
    /// tls = wrap_socket(sock)
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe. The function keeps the old behaviour, which verified neither the certificate nor the
    /// host name unless asked: review it, and prefer `ssl.create_default_context().wrap_socket(sock,
    /// server_hostname=host)`, which verifies both (the catalogue's recommendation, with stricter
    /// verification). `os.urandom` is always cryptographically strong, so the flag is always `True`.
    /// The certificate arguments and protocol selectors have no fix: their replacement needs
    /// statements, and a default context verifies what the old code did not.
    SslLegacyApis {
        id: "ssl-legacy-apis",
        group: "ssl",
        summary: "ssl.wrap_socket -> a function with its old behaviour (unsafe); RAND_pseudo_bytes(n) -> (os.urandom(n), True) (unsafe); match_hostname, keyfile=/certfile= of the TLS clients, PROTOCOL_TLS*/OP_NO_* and SSLContext() reported",
        query: include_str!("query.scm"),
        triggers: &["ssl", "keyfile", "certfile", "key_file", "cert_file", "check_hostname", "ssl_version", "PROTOCOL_", "OP_NO_", "SSLContext"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("other", "`ssl.wrap_socket` → a function with its old behaviour on `SSLContext`; `RAND_pseudo_bytes(n)` → `(os.urandom(n), True)`; `match_hostname`, `keyfile=`/`certfile=` of the TLS clients, `PROTOCOL_TLS*`, `OP_NO_*`, `SSLContext()` reported", "unsafe"),
        activate: |p| crate::kit::activation::uses_members(p, &MODULES) || p.has_attribute("starttls"),
        removed_apis: &[&MODULES],
    }
}

const WRAP_SOCKET: &str = r#"
def {name}(sock, keyfile=None, certfile=None, server_side=False, cert_reqs={import:ssl}.CERT_NONE,
        ssl_version=None, ca_certs=None, do_handshake_on_connect=True,
        suppress_ragged_eofs=True, ciphers=None):
    """ssl.wrap_socket() as it was: no certificate or host name checks unless asked for."""
    if server_side and not certfile:
        raise ValueError("certfile must be specified for server-side operations")
    if keyfile and not certfile:
        raise ValueError("certfile must be specified")
    if ssl_version is None:
        ssl_version = {import:ssl}.PROTOCOL_TLS_SERVER if server_side else {import:ssl}.PROTOCOL_TLS_CLIENT
    context = {import:ssl}.SSLContext(ssl_version)
    context.check_hostname = False
    context.verify_mode = cert_reqs
    if ca_certs:
        context.load_verify_locations(ca_certs)
    if certfile:
        context.load_cert_chain(certfile, keyfile)
    if ciphers:
        context.set_ciphers(ciphers)
    return context.wrap_socket(
        sock=sock, server_side=server_side,
        do_handshake_on_connect=do_handshake_on_connect,
        suppress_ragged_eofs=suppress_ragged_eofs,
    )
"#;

const PROTOCOL: &str = "use `ssl.create_default_context()` or `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)` / `PROTOCOL_TLS_SERVER`, and `context.minimum_version = ssl.TLSVersion.TLSv1_2` to limit versions; `PROTOCOL_TLS_CLIENT` verifies certificates by default";
const OPTIONS: &str = "set `context.minimum_version` / `context.maximum_version` (`ssl.TLSVersion`) instead of the `OP_NO_*` options";

static MODULES: [RemovedModule; 7] = [
    RemovedModule {
        module: "ssl",
        members: &[
            Member::unsafe_define(
                "wrap_socket",
                WRAP_SOCKET,
                "the function keeps the old behaviour: no certificate or host name verification unless `cert_reqs`/`ca_certs` ask for it; prefer `ssl.create_default_context().wrap_socket(sock, server_hostname=host)`",
            ),
            Member::call(
                "RAND_pseudo_bytes",
                rand_pseudo_bytes,
                "use `os.urandom(n)`",
            ),
            Member::report(
                "match_hostname",
                "use an `SSLContext` with `check_hostname = True` and `context.wrap_socket(sock, server_hostname=host)`",
            ),
            Member::report("PROTOCOL_TLS", PROTOCOL).deprecated(PyVersion::new(3, 10), None),
            Member::report("PROTOCOL_SSLv23", PROTOCOL).deprecated(PyVersion::new(3, 10), None),
            Member::report("PROTOCOL_TLSv1", PROTOCOL).deprecated(PyVersion::new(3, 10), None),
            Member::report("PROTOCOL_TLSv1_1", PROTOCOL).deprecated(PyVersion::new(3, 10), None),
            Member::report("PROTOCOL_TLSv1_2", PROTOCOL).deprecated(PyVersion::new(3, 10), None),
            Member::report("OP_NO_SSLv2", OPTIONS).deprecated(PyVersion::new(3, 10), None),
            Member::report("OP_NO_SSLv3", OPTIONS).deprecated(PyVersion::new(3, 10), None),
            Member::report("OP_NO_TLSv1", OPTIONS).deprecated(PyVersion::new(3, 10), None),
            Member::report("OP_NO_TLSv1_1", OPTIONS).deprecated(PyVersion::new(3, 10), None),
            Member::report("OP_NO_TLSv1_2", OPTIONS).deprecated(PyVersion::new(3, 10), None),
            Member::report("OP_NO_TLSv1_3", OPTIONS).deprecated(PyVersion::new(3, 10), None),
            Member::check_call("SSLContext", no_protocol).deprecated(PyVersion::new(3, 10), None),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "ftplib",
        members: &[
            Member::check_call("FTP_TLS", cert_arguments),
            Member::report(
                "ssl_version",
                "pass `context=ssl.SSLContext(...)` (or set `context.minimum_version`) instead of the class attribute",
            ),
        ],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "imaplib",
        members: &[Member::check_call("IMAP4_SSL", cert_arguments)],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "poplib",
        members: &[Member::check_call("POP3_SSL", cert_arguments)],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "smtplib",
        members: &[Member::check_call("SMTP_SSL", cert_arguments)],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "http.client",
        members: &[Member::check_call("HTTPSConnection", cert_arguments)],
        other_members: "",
        successor: None,
        shared_state: false,
    },
    RemovedModule {
        module: "ftplib.FTP_TLS",
        members: &[Member::report(
            "ssl_version",
            "pass `context=ssl.SSLContext(...)` (or set `context.minimum_version`) instead of the class attribute",
        )],
        other_members: "",
        successor: None,
        shared_state: false,
    },
];

fn rand_pseudo_bytes(site: &CallSite<'_, '_>) -> Result<CallFix, String> {
    site.expect_params(&["n"])?;
    let n = site.param(0, "n").ok_or("called without a length")?;
    let urandom = site.require("os.urandom")?;
    Ok(CallFix::unsafe_(
        format!("({urandom}({}), True)", n.text),
        "`os.urandom` is always cryptographically strong: the flag is always `True`",
    ))
}

const REPLACEMENT: &str = "create `context = ssl.create_default_context()`, call `context.load_cert_chain(certfile, keyfile)` (and set `context.check_hostname = False` for `check_hostname=False`), then pass `context=context` (`ssl_context=` for `IMAP4_SSL`); a default context verifies the server certificate";

fn cert_arguments(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    let removed = [
        "keyfile",
        "certfile",
        "key_file",
        "cert_file",
        "check_hostname",
    ];
    let arg = site
        .args
        .iter()
        .find(|a| a.keyword.is_some_and(|k| removed.contains(&k)))?;
    Some(CallIssue {
        message: format!(
            "the `{}=` argument was removed in Python 3.12",
            arg.keyword.unwrap_or_default()
        ),
        fix: Err(REPLACEMENT.to_owned()),
    })
}

impl SslLegacyApis {
    /// `x.starttls(keyfile=…, certfile=…)` in a file that uses `smtplib`.
    fn starttls<'t>(
        &self,
        call: tree_sitter::Node<'t>,
        ctx: &Context<'_, 't>,
        out: &mut Vec<Finding>,
    ) {
        if !crate::kit::syntax::imports_module(ctx, "smtplib") {
            return;
        }
        let Some(site) = CallSite::new(ctx, call) else {
            return;
        };
        if let Some(issue) = cert_arguments(&site) {
            out.push(
                Finding::new(Self::META.id, call.byte_range(), issue.message)
                    .with_note(REPLACEMENT),
            );
        }
    }
}

fn no_protocol(site: &CallSite<'_, '_>) -> Option<CallIssue> {
    site.args.is_empty().then(|| CallIssue {
        message: "`ssl.SSLContext()` without a protocol is deprecated (it warns since Python 3.10)"
            .to_owned(),
        fix: Err(PROTOCOL.to_owned()),
    })
}

impl Check for SslLegacyApis {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_changed(&Self::META, &MODULES, m, ctx, out);
        if let Some(call) = m.get("starttls") {
            self.starttls(call, ctx, out);
        }
    }
}
