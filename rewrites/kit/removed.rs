//! What Python removed, in one place, so that the rewrites' findings, `--backports` and the
//! audit give one answer to one question:
//!
//! - [`REMOVED`], the one table of the standard-library modules Python removed: when each
//!   went, what to use instead, and the package that restores it;
//! - [`apis()`], the index of the removed and deprecated APIs (members of modules): when each
//!   went or started to warn, what to use instead and how safe its fix is. Each is stated
//!   once, by the member table of the rewrite that migrates it (declared as its
//!   `removed_apis`), whose findings and version gates read the same entry. Methods of classes
//!   are members too, with a dotted name (`TestCase.assertEquals` in `unittest`).

use super::moves::{Action, Change, Member, OtherUses, RemovedModule};
use snakeshift_engine::fix::Applicability;
use snakeshift_engine::rewrite::RewriteMeta;
use snakeshift_engine::version::PyVersion;

/// A module Python removed.
#[derive(Debug)]
pub struct Removal {
    /// Dotted name, as the user imports it (`imghdr`, `tkinter.tix`, `distutils.version`).
    pub module: &'static str,
    /// The release that removed it.
    pub removed_in: PyVersion,
    /// What to use instead, in a few words (the audit's "instead" column).
    pub instead: &'static str,
    /// The advice a finding about an import of it gives, for modules no rewrite of their own
    /// migrates (`dead-battery-modules` reports them).
    pub advice: Option<&'static str>,
    /// The drop-in package that restores it, if there is one.
    pub backport: Option<Backport>,
}

/// A package on PyPI that provides a removed module again.
#[derive(Debug)]
pub struct Backport {
    /// The distribution to depend on.
    pub package: &'static str,
    /// The module the code imports once the package is installed, when it is not the removed
    /// module's own name (`looseversion` for `distutils.version`).
    pub import: Option<&'static str>,
    /// The fix safety of the alternative: `false` when the module's rewrites are faithful (safe
    /// fixes), so that `--backports all` leaves it to them and only naming it restores it.
    pub in_all: bool,
    /// Other modules the package needs restored too (`asynchat` is built on `asyncore`).
    pub needs: &'static [&'static str],
}

impl Removal {
    /// The package restoring the module, with what it needs.
    pub fn package(&self) -> Option<&'static str> {
        self.backport.as_ref().map(|b| b.package)
    }
}

const fn gone(module: &'static str, minor: u8, instead: &'static str) -> Removal {
    Removal {
        module,
        removed_in: PyVersion::new(3, minor),
        instead,
        advice: None,
        backport: None,
    }
}

/// A module without a rewrite of its own: imports of it are reported with `advice`.
const fn battery(
    module: &'static str,
    minor: u8,
    instead: &'static str,
    advice: &'static str,
) -> Removal {
    Removal {
        advice: Some(advice),
        ..gone(module, minor, instead)
    }
}

const fn drop_in(package: &'static str) -> Option<Backport> {
    Some(Backport {
        package,
        import: None,
        in_all: true,
        needs: &[],
    })
}

/// Modules removed by Python 3.10–3.15 (PEP 594, PEP 632 and the others), in the order the
/// audit lists them. Backports are the `standard-*` family (python-deadlib) where it has the
/// module: `standard-smtpd` itself depends on `standard-asyncore` and `standard-asynchat`, so
/// any other package for those two would install a second copy of the same modules.
pub static REMOVED: &[Removal] = &[
    battery(
        "formatter",
        10,
        "write the formatting by hand",
        "write the text layout yourself",
    ),
    battery("parser", 10, "`ast`", "use `ast`"),
    battery(
        "symbol",
        10,
        "`token` / `ast`",
        "use `ast` (node types are classes there)",
    ),
    battery(
        "binhex",
        11,
        "`base64` / `binascii`",
        "use `binascii` for hex encoding; BinHex 4 files have no replacement",
    ),
    gone(
        "distutils",
        12,
        "setuptools, `sysconfig`, `shutil`, `subprocess`, `packaging`",
    ),
    Removal {
        backport: Some(Backport {
            import: Some("looseversion"),
            ..drop_in("looseversion").unwrap()
        }),
        ..gone(
            "distutils.version",
            12,
            "`packaging.version`, `looseversion`",
        )
    },
    Removal {
        backport: Some(Backport {
            in_all: false,
            ..drop_in("zombie-imp").unwrap()
        }),
        ..gone("imp", 12, "`importlib`")
    },
    Removal {
        backport: Some(Backport {
            needs: &["asyncore"],
            ..drop_in("standard-asynchat").unwrap()
        }),
        ..gone("asynchat", 12, "`asyncio` (backport: `standard-asynchat`)")
    },
    Removal {
        backport: drop_in("standard-asyncore"),
        ..gone("asyncore", 12, "`asyncio` (backport: `standard-asyncore`)")
    },
    Removal {
        backport: Some(Backport {
            needs: &["asyncore", "asynchat"],
            ..drop_in("standard-smtpd").unwrap()
        }),
        ..gone("smtpd", 12, "`aiosmtpd` (backport: `standard-smtpd`)")
    },
    Removal {
        backport: drop_in("standard-aifc"),
        ..battery(
            "aifc",
            13,
            "`standard-aifc`",
            "use `wave` for WAV files or `soundfile`, or depend on the `standard-aifc` backport",
        )
    },
    Removal {
        backport: drop_in("audioop-lts"),
        ..battery(
            "audioop",
            13,
            "`audioop-lts`",
            "use numpy, or depend on `audioop-lts` (a drop-in with the same import name)",
        )
    },
    Removal {
        backport: drop_in("legacy-cgi"),
        ..gone("cgi", 13, "`urllib.parse`, `email`, `legacy-cgi`")
    },
    Removal {
        backport: drop_in("legacy-cgi"),
        ..battery(
            "cgitb",
            13,
            "`traceback`, `faulthandler`, `legacy-cgi`",
            "use `faulthandler`, `traceback` or a `sys.excepthook`, or depend on `legacy-cgi` / `standard-cgitb`",
        )
    },
    Removal {
        backport: drop_in("standard-chunk"),
        ..battery(
            "chunk",
            13,
            "`standard-chunk`",
            "read the IFF chunks with `struct`, or depend on the `standard-chunk` backport",
        )
    },
    Removal {
        backport: drop_in("standard-crypt"),
        ..battery(
            "crypt",
            13,
            "`hashlib`, `bcrypt`, `argon2-cffi`",
            "hash new passwords with `bcrypt`, `argon2-cffi` or `hashlib.scrypt`; to verify existing crypt(3) hashes depend on `crypt-r`, `legacycrypt` or `standard-crypt`",
        )
    },
    Removal {
        backport: drop_in("standard-imghdr"),
        ..battery(
            "imghdr",
            13,
            "`puremagic`, `filetype`, `standard-imghdr`",
            "use `puremagic.what` or `filetype.guess`, or depend on `standard-imghdr` / `imghdr-lts`",
        )
    },
    battery(
        "lib2to3",
        13,
        "`libcst`, `parso`, `fissix`",
        "use `libcst`, `parso` or `ast` (`tokenize` for `lib2to3.pgen2.tokenize`), or depend on `fissix`, a maintained fork",
    ),
    Removal {
        backport: drop_in("standard-mailcap"),
        ..battery(
            "mailcap",
            13,
            "`mimetypes`, `standard-mailcap`",
            "use `mimetypes` (a partial overlap), or depend on the `standard-mailcap` backport",
        )
    },
    battery(
        "msilib",
        13,
        "no replacement",
        "build installers with WiX or a similar tool",
    ),
    battery(
        "nis",
        13,
        "no replacement",
        "there is no replacement; query NIS with an external tool",
    ),
    Removal {
        backport: drop_in("standard-nntplib"),
        ..battery(
            "nntplib",
            13,
            "`standard-nntplib`",
            "use `pynntp`, or depend on the `standard-nntplib` backport",
        )
    },
    battery(
        "ossaudiodev",
        13,
        "`sounddevice`, `pyaudio`",
        "use `pygame`, `sounddevice` or `pyaudio`",
    ),
    Removal {
        backport: drop_in("standard-pipes"),
        ..gone("pipes", 13, "`shlex`, `subprocess`, `standard-pipes`")
    },
    Removal {
        backport: drop_in("standard-sndhdr"),
        ..battery(
            "sndhdr",
            13,
            "`filetype`, `standard-sndhdr`",
            "use `filetype` or `puremagic`, or depend on the `standard-sndhdr` backport",
        )
    },
    battery(
        "spwd",
        13,
        "`python-pam`",
        "use `python-pam` for authentication; the standard library cannot read shadow entries any more",
    ),
    Removal {
        backport: drop_in("standard-sunau"),
        ..battery(
            "sunau",
            13,
            "`standard-sunau`",
            "use `soundfile`, or depend on the `standard-sunau` backport",
        )
    },
    Removal {
        backport: drop_in("standard-telnetlib"),
        ..battery(
            "telnetlib",
            13,
            "`telnetlib3`, `standard-telnetlib`",
            "use `telnetlib3` (asyncio) or `Exscript`, or depend on `standard-telnetlib` / `telnetlib-313-and-up`",
        )
    },
    battery(
        "tkinter.tix",
        13,
        "`tkinter.ttk`",
        "use `tkinter.ttk` (a partial overlap)",
    ),
    gone("typing.io", 13, "`typing`"),
    gone("typing.re", 13, "`re`"),
    Removal {
        backport: drop_in("standard-uu"),
        ..battery(
            "uu",
            13,
            "`base64`, `binascii`, `standard-uu`",
            "use `binascii.b2a_uu` / `a2b_uu` with your own line framing, or `base64`; or depend on the `standard-uu` backport",
        )
    },
    Removal {
        backport: drop_in("standard-xdrlib"),
        ..battery(
            "xdrlib",
            13,
            "`struct`, `standard-xdrlib`",
            "use `struct` with big-endian codes (`\">i\"`, `\">q\"`, `\">d\"`) and 4-byte padding, or depend on the `standard-xdrlib` backport",
        )
    },
    gone("sre_compile", 15, "`re` (the private `re._compiler`)"),
    gone("sre_constants", 15, "`re` (the private `re._constants`)"),
    gone("sre_parse", 15, "`re` (the private `re._parser`)"),
];

/// A member of a module (a function, class, constant or attribute) that Python removed or
/// deprecated, as the rewrite that migrates it states it.
#[derive(Clone, Copy, Debug)]
pub struct Api {
    /// Dotted module, as the user imports it (`base64`, `distutils.spawn`).
    pub module: &'static str,
    pub member: &'static str,
    /// When it went or started to warn; `None` when it is migrated on every target (a
    /// deprecation without a date, or a backport the standard library now has).
    pub change: Option<Change>,
    /// The dotted name that replaces it (`base64.encodebytes`), or the guidance its findings
    /// give; `None` when the rewrite's documentation says it.
    pub instead: Option<&'static str>,
    pub fix: ApiFix,
    /// The id of the rewrite that migrates it.
    pub rewrite: &'static str,
    pub found: Found,
}

/// How the uses of an API are found, by its rewrite and so by the audit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// Through the file's imports: the rewrite checks every use an import statement reaches
    /// (`from base64 import encodestring`, `base64.encodestring`), and the audit looks the same.
    ByImports,
    /// By the rewrite's own code ([`Action::Own`]): a method (`self.assertEquals`, whose
    /// receiver no import names), a decorator, a hook. The audit lists them where the rewrite
    /// reported them ([`reported`]).
    ByFindings,
}

/// How the rewrite fixes the uses of a removed API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiFix {
    /// Every use, by the same object under another name or a function added to the module.
    Safe,
    /// Every use, by a replacement whose behaviour differs.
    Unsafe,
    /// Each call as its arguments allow (safe, unsafe, or reported); other uses reported.
    Calls,
    /// Only some of its calls are wrong (a removed argument, say): the member itself stays.
    SomeCalls,
    /// Reported with guidance, not rewritten.
    Manual,
}

/// Every removed or deprecated API the rewrites migrate, in registry order.
pub fn apis() -> impl Iterator<Item = Api> {
    crate::removed_api_tables()
        .into_iter()
        .flat_map(|(meta, tables)| tables.iter().flat_map(|t| t.iter()).map(move |t| (meta, t)))
        .flat_map(|(meta, table)| {
            table
                .members
                .iter()
                .filter_map(move |m| entry(meta, table, m))
        })
}

/// The entry of `module`'s `member` (dotted for a method), if a rewrite states it.
pub fn api(module: &str, member: &str) -> Option<Api> {
    apis().find(|a| a.module == module && a.member == member)
}

/// The entry of a member of `table`, unless it is a submodule or handled elsewhere.
fn entry(meta: &'static RewriteMeta, table: &RemovedModule, m: &Member) -> Option<Api> {
    let mut found = Found::ByImports;
    let (instead, fix) = match &m.action {
        Action::Rename(r) => (Some(r.to), of(r.applicability)),
        Action::Call { other_uses, .. } => match other_uses {
            OtherUses::Ignore => (None, ApiFix::SomeCalls),
            OtherUses::Report(guidance) => (Some(*guidance), ApiFix::Calls),
            OtherUses::Rename(r) => (Some(r.to), ApiFix::Calls),
        },
        Action::Report(guidance) => (Some(*guidance), ApiFix::Manual),
        Action::Define { applicability, .. } => (None, of(*applicability)),
        Action::CheckCall(_) => (None, ApiFix::SomeCalls),
        Action::Own { instead, fix } => {
            found = Found::ByFindings;
            (Some(*instead), *fix)
        }
        Action::Submodule => return None,
    };
    Some(Api {
        module: table.module,
        member: m.name,
        change: m.change_in(meta),
        instead,
        fix,
        rewrite: meta.id,
        found,
    })
}

/// The entry (an index into `apis`, entries found [`Found::ByFindings`]) that a finding of
/// `rewrite` reports, from `pointed`, the source text its range covers, and its `message`:
/// the entry of that rewrite whose member's last name is a word of `pointed` (`assertEquals`,
/// `utcnow` in `dt.datetime.utcnow`, `n` of `node.n`); of several, the one whose full dotted
/// name the text or the message names (`asyncio.coroutines.coroutine`), else the first.
pub fn reported(apis: &[Api], rewrite: &str, pointed: &str, message: &str) -> Option<usize> {
    let words: Vec<&str> = pointed
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let short = |a: &Api| a.member.rsplit('.').next().unwrap_or(a.member);
    let candidates: Vec<usize> = (0..apis.len())
        .filter(|&i| {
            apis[i].found == Found::ByFindings
                && apis[i].rewrite == rewrite
                && words.contains(&short(&apis[i]))
        })
        .collect();
    let named = |i: &usize| {
        let full = format!("{}.{}", apis[*i].module, apis[*i].member);
        [pointed, message].iter().any(|text| names(text, &full))
    };
    candidates
        .iter()
        .filter(|i| named(i))
        .max_by_key(|i| apis[**i].module.len() + apis[**i].member.len())
        .or(candidates.first())
        .copied()
}

/// Whether `text` holds the dotted name `name`, not as part of a longer name.
fn names(text: &str, name: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    text.match_indices(name)
        .any(|(at, _)| !text[..at].ends_with(part) && !text[at + name.len()..].starts_with(part))
}

fn of(applicability: Applicability) -> ApiFix {
    match applicability {
        Applicability::Safe => ApiFix::Safe,
        Applicability::Unsafe => ApiFix::Unsafe,
        Applicability::DisplayOnly => ApiFix::Manual,
    }
}

/// Whether the rewrite `meta` declares (as its `removed_apis`) every member of `tables`, a
/// table it checks imports against: so that the index lists what its findings report.
pub fn declares(meta: &RewriteMeta, tables: &[RemovedModule]) -> bool {
    let stated: Vec<Api> = apis().filter(|a| a.rewrite == meta.id).collect();
    tables.iter().all(|t| {
        t.members.iter().all(|m| {
            matches!(m.action, Action::Submodule)
                || stated
                    .iter()
                    .any(|a| a.module == t.module && a.member == m.name)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_module_once_and_advice_names_the_backport() {
        for (i, r) in REMOVED.iter().enumerate() {
            assert!(
                REMOVED[i + 1..].iter().all(|o| o.module != r.module),
                "{} twice",
                r.module
            );
            if let (Some(advice), Some(package)) = (r.advice, r.package()) {
                assert!(advice.contains(&format!("`{package}`")), "{}", r.module);
            }
            for needed in r.backport.iter().flat_map(|b| b.needs) {
                assert!(
                    REMOVED
                        .iter()
                        .any(|o| o.module == *needed && o.package().is_some()),
                    "{} needs {needed}, which has no backport",
                    r.module
                );
            }
            if r.instead.contains("backport: ") {
                let package = r.package().expect("a backport");
                assert!(r.instead.contains(&format!("`{package}`")), "{}", r.module);
            }
        }
    }

    #[test]
    fn every_api_once_and_gone_with_its_module() {
        let all: Vec<Api> = apis().collect();
        for (i, a) in all.iter().enumerate() {
            assert!(
                all[i + 1..]
                    .iter()
                    .all(|o| (o.module, o.member) != (a.module, a.member)),
                "`{}.{}` stated by `{}` and another rewrite",
                a.module,
                a.member,
                a.rewrite
            );
            let module = REMOVED
                .iter()
                .find(|r| a.module == r.module || a.module.starts_with(&format!("{}.", r.module)));
            // An entry without a date is migrated on every target: earlier than its module.
            if let Some(r) = module {
                assert!(
                    a.change.is_none_or(|c| c.is_gone(r.removed_in)),
                    "`{}.{}` outlives `{}` (removed in {})",
                    a.module,
                    a.member,
                    r.module,
                    r.removed_in
                );
            }
        }
        assert!(
            all.iter()
                .any(|a| a.module == "base64" && a.member == "encodestring")
        );
    }

    /// What rewrites migrate with their own code is in the index too: methods by dotted name.
    #[test]
    fn methods_and_own_code_are_indexed() {
        let v = PyVersion::new;
        let of = |module: &str, member: &str| {
            let a = api(module, member).unwrap_or_else(|| panic!("{module} {member}"));
            (a.change, a.instead, a.fix, a.rewrite, a.found)
        };
        assert_eq!(
            of("unittest", "TestCase.assertEquals"),
            (
                Some(Change::Removed(v(3, 12))),
                Some("unittest.TestCase.assertEqual"),
                ApiFix::Safe,
                "unittest-aliases",
                Found::ByFindings
            )
        );
        assert_eq!(of("ast", "Num").0, Some(Change::Removed(v(3, 14))));
        assert_eq!(of("ast", "Constant.n").0, Some(Change::Removed(v(3, 14))));
        assert_eq!(
            of("ast", "NodeVisitor.visit_Num").0,
            Some(Change::Removed(v(3, 14)))
        );
        assert_eq!(
            of("asyncio", "coroutine").0,
            Some(Change::Removed(v(3, 11)))
        );
        assert_eq!(
            of("datetime", "datetime.utcnow").0,
            Some(Change::Deprecated {
                warns: Some(v(3, 12)),
                removal: None
            })
        );
        assert_eq!(
            of("importlib.abc", "MetaPathFinder.find_module").0,
            Some(Change::Removed(v(3, 12)))
        );
        assert_eq!(
            of("array", "array.tostring").0,
            Some(Change::Removed(v(3, 9)))
        );
        assert_eq!(
            of("importlib.metadata", "entry_points").2,
            ApiFix::SomeCalls
        );
        assert_eq!(of("base64", "encodestring").4, Found::ByImports);
    }

    /// The methods that rewrites with a table of module members found with their own code.
    #[test]
    fn methods_of_rewrites_with_a_module_table_are_indexed() {
        let v = PyVersion::new;
        let of = |module: &str, member: &str| {
            let a = api(module, member).unwrap_or_else(|| panic!("{module} {member}"));
            (a.change, a.instead, a.fix, a.rewrite, a.found)
        };
        assert_eq!(
            of("threading", "Thread.isAlive"),
            (
                Some(Change::Removed(v(3, 9))),
                Some("threading.Thread.is_alive"),
                ApiFix::Safe,
                "threading-camel-case",
                Found::ByFindings
            )
        );
        let warns_since_3_10 = Some(Change::Deprecated {
            warns: Some(v(3, 10)),
            removal: None,
        });
        assert_eq!(of("threading", "Thread.setDaemon").0, warns_since_3_10);
        assert_eq!(of("threading", "Event.isSet").0, warns_since_3_10);
        assert_eq!(of("threading", "Condition.notifyAll").0, warns_since_3_10);
        // The module's functions are still found through imports.
        assert_eq!(of("threading", "currentThread").4, Found::ByImports);
        assert_eq!(
            of("xml.etree.ElementTree", "Element.getchildren").0,
            Some(Change::Removed(v(3, 9)))
        );
        assert_eq!(
            of("xml.etree.ElementTree", "Element.getiterator").1,
            Some("xml.etree.ElementTree.Element.iter")
        );
        assert_eq!(
            of("logging", "Logger.warn").0,
            Some(Change::Deprecated {
                warns: Some(v(3, 3)),
                removal: None
            })
        );
        assert_eq!(
            of("html.parser", "HTMLParser.unescape").0,
            Some(Change::Removed(v(3, 9)))
        );
        assert_eq!(
            of("gzip", "GzipFile.filename").0,
            Some(Change::Removed(v(3, 12)))
        );
        assert_eq!(
            of("configparser", "RawConfigParser.readfp").0,
            Some(Change::Removed(v(3, 12)))
        );
        assert_eq!(
            of("configparser", "ParsingError.filename").1,
            Some("configparser.ParsingError.source")
        );
        assert_eq!(
            of("pathlib", "Path.link_to"),
            (
                Some(Change::Removed(v(3, 12))),
                Some("pathlib.Path.hardlink_to"),
                ApiFix::Unsafe,
                "pathlib-legacy",
                Found::ByFindings
            )
        );
        assert_eq!(
            of("pathlib", "PurePath.is_reserved").0,
            Some(Change::Deprecated {
                warns: Some(v(3, 13)),
                removal: Some(v(3, 15))
            })
        );
        assert_eq!(
            of("pathlib", "PurePath.as_uri").0,
            Some(Change::Deprecated {
                warns: Some(v(3, 14)),
                removal: Some(v(3, 19))
            })
        );
        assert_eq!(of("pathlib", "PurePath.relative_to").2, ApiFix::SomeCalls);
        assert_eq!(
            of("importlib.abc", "Loader.load_module").0,
            Some(Change::Deprecated {
                warns: None,
                removal: Some(v(3, 15))
            })
        );
    }

    #[test]
    fn findings_name_the_entry_they_report() {
        let all: Vec<Api> = apis().collect();
        let entry = |rewrite: &str, pointed: &str, message: &str| {
            reported(&all, rewrite, pointed, message)
                .map(|i| format!("{}.{}", all[i].module, all[i].member))
        };
        assert_eq!(
            entry("unittest-aliases", "assertEquals", "").as_deref(),
            Some("unittest.TestCase.assertEquals")
        );
        assert_eq!(
            entry("ast-constants", "n", "").as_deref(),
            Some("ast.Constant.n")
        );
        assert_eq!(
            entry("ast-constants", "ast.Num", "").as_deref(),
            Some("ast.Num")
        );
        assert_eq!(
            entry("datetime-utcnow", "dt.datetime.utcfromtimestamp", "").as_deref(),
            Some("datetime.datetime.utcfromtimestamp")
        );
        // The same decorator under two names: the one the finding names, else the first.
        assert_eq!(
            entry(
                "asyncio-coroutine-decorator",
                "@coroutine",
                "`@asyncio.coroutine` was removed"
            )
            .as_deref(),
            Some("asyncio.coroutine")
        );
        assert_eq!(
            entry(
                "asyncio-coroutine-decorator",
                "coroutine",
                "`asyncio.coroutines.coroutine` was removed in Python 3.11 and its import is unused"
            )
            .as_deref(),
            Some("asyncio.coroutines.coroutine")
        );
        // Only entries of the finding's rewrite found by its findings, by a whole word.
        assert_eq!(entry("unittest-aliases", "assertEqualsX", ""), None);
        assert_eq!(entry("ast-constants", "node.value", ""), None);
        assert_eq!(entry("base64-encodestring", "encodestring", ""), None);
    }
}
