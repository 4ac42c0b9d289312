use crate::kit::declare::Check;
use crate::kit::check_removed;
use snakeshift_engine::fix::Finding;
use crate::kit::moves::{Member, RemovedModule};
use snakeshift_engine::rewrite::{Context, FixSafety, Match};
use snakeshift_engine::version::PyVersion;

rewrite! {
    /// # smtpd-module
    ///
    /// ## What it does
    /// Reports every use of `smtpd` with its `aiosmtpd` counterpart:
    ///
    /// - `class S(smtpd.SMTPServer)` with `process_message(self, peer, mailfrom, rcpttos,
    ///   data, **kwargs)` becomes a handler class with
    ///   `async def handle_DATA(self, server, session, envelope)`, using `session.peer`,
    ///   `envelope.mail_from`, `envelope.rcpt_tos` and `envelope.content` (bytes), and
    ///   returning an SMTP status such as `"250 OK"`;
    /// - `S(("host", port), None)` + `asyncore.loop()` becomes
    ///   `aiosmtpd.controller.Controller(handler, hostname=host, port=port).start()`;
    /// - `smtpd.DebuggingServer` becomes `aiosmtpd.handlers.Debugging`, and
    ///   `python -m smtpd -n -c DebuggingServer` becomes `python -m aiosmtpd -n`.
    ///
    /// ## Why
    /// `smtpd` was removed in Python 3.12 together with `asyncore`, which it was built on.
    /// `aiosmtpd` is its asyncio successor; `standard-smtpd` restores the old module.
    ///
    /// ## Example
    /// ```python
    /// class Sink(smtpd.SMTPServer):
    ///     def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
    ///         store(mailfrom, rcpttos, data)
    /// ```
    /// is reported: "write an aiosmtpd handler with `async def handle_DATA(self, server,
    /// session, envelope)`…".
    ///
    /// With `--backports smtpd` the module is left alone: `standard-smtpd` becomes a dependency of the
    /// project and the imports keep working.
    ///
    /// ## Fix safety
    /// No fix for the uses: the handler interface and the way the server runs both change. An
    /// import of `smtpd` that nothing uses is removed with `--unsafe` (other modules may
    /// import the name from this one).
    SmtpdModule {
        id: "smtpd-module",
        group: "dead-batteries",
        summary: "smtpd (SMTPServer, DebuggingServer, PureProxy, ...) reported with the aiosmtpd mapping (standard-smtpd backport); unused imports removed (unsafe)",
        query: include_str!("query.scm"),
        triggers: &["smtpd"],
        removed_in: Some(PyVersion::new(3, 12)),
        fix: FixSafety::Unsafe,
        readme: ("asyncio", "`smtpd.SMTPServer`, `DebuggingServer`, … reported with the `aiosmtpd` mapping (handler with `async def handle_DATA(self, server, session, envelope)`, `Controller(handler, hostname=…, port=…).start()`, `aiosmtpd.handlers.Debugging`) and the `standard-smtpd` backport", "report (unused import: unsafe)"),
        removed_apis: &[&MODULES],
    }
}

const SERVER: &str = "use aiosmtpd: a handler class with `async def handle_DATA(self, server, session, envelope)` (`session.peer`, `envelope.mail_from`, `envelope.rcpt_tos`, `envelope.content` as bytes) returning `\"250 OK\"`, run by `aiosmtpd.controller.Controller(handler, hostname=host, port=port).start()`; or depend on the `standard-smtpd` backport";

static MODULES: [RemovedModule; 1] = [RemovedModule {
    module: "smtpd",
    members: &[
        Member::report("SMTPServer", SERVER),
        Member::report(
            "DebuggingServer",
            "use `aiosmtpd.handlers.Debugging` (`python -m aiosmtpd -n` replaces `python -m smtpd -n -c DebuggingServer`)",
        ),
        Member::report("PureProxy", "use `aiosmtpd.handlers.Proxy`"),
        Member::report(
            "MailmanProxy",
            "write an aiosmtpd handler that delivers to Mailman",
        ),
        Member::report(
            "SMTPChannel",
            "aiosmtpd's `SMTP` protocol class handles the session; customise it through the handler's `handle_*` methods",
        ),
    ],
    other_members: SERVER,
    successor: None,
    shared_state: false,
}];

impl Check for SmtpdModule {
    fn check<'t>(&self, m: &Match<'_, 't>, ctx: &Context<'_, 't>, out: &mut Vec<Finding>) {
        check_removed(&Self::META, &MODULES, m, ctx, out);
    }
}
