//! `author`/`author_email` (and the maintainer pair) → `project.authors` tables.

/// One `{name, email}` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: Option<String>,
    pub email: Option<String>,
}

/// What the schema accepts as an email (`idn-email`): something@domain.tld.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
        && !s.contains(['<', '>', ',', '"'])
}

/// Splits names on commas outside double quotes.
fn split(s: &str) -> Vec<String> {
    split_on(s, &[','])
}

/// Splits an address list on commas and semicolons outside double quotes (`a@x; b@y` is
/// common, and the email parsers that read core metadata accept both).
fn split_addresses(s: &str) -> Vec<String> {
    split_on(s, &[',', ';'])
}

fn split_on(s: &str, separators: &[char]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if separators.contains(&c) && !quoted => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// `Jane Doe <jane@example.org>` → (`Jane Doe`, `jane@example.org`).
fn display_address(s: &str) -> Option<(String, String)> {
    let (display, rest) = s.rsplit_once('<')?;
    let addr = rest.strip_suffix('>')?.trim();
    let display = display.trim().trim_matches('"').trim();
    is_email(addr).then(|| (display.to_owned(), addr.to_owned()))
}

/// Pairs names with emails: one table per person when the comma-separated counts match,
/// otherwise name-only and email-only tables. Emails the schema rejects are returned apart;
/// `Name <address>` emails carry their own name.
pub fn people(name: Option<&str>, email: Option<&str>) -> (Vec<Person>, Vec<String>) {
    let mut names = name.map(split).unwrap_or_default();
    let mut all_emails = email.map(split_addresses).unwrap_or_default();
    if all_emails.iter().any(|e| display_address(e).is_some()) {
        let mut out = Vec::new();
        let mut invalid = Vec::new();
        for e in all_emails {
            match display_address(&e) {
                Some((display, addr)) => {
                    let display = if display.is_empty() {
                        None
                    } else {
                        Some(display)
                    };
                    names.retain(|n| Some(n) != display.as_ref());
                    out.push(Person {
                        name: display,
                        email: Some(addr),
                    });
                }
                None if is_email(&e) => out.push(Person {
                    name: None,
                    email: Some(e),
                }),
                None => invalid.push(e),
            }
        }
        let mut named: Vec<Person> = names
            .into_iter()
            .map(|n| Person {
                name: Some(n),
                email: None,
            })
            .collect();
        named.extend(out);
        return (named, invalid);
    }
    all_emails.retain(|e| !e.is_empty());
    let (emails, invalid): (Vec<String>, Vec<String>) =
        all_emails.into_iter().partition(|e| is_email(e));
    let mut out = Vec::new();
    if !names.is_empty() && names.len() == emails.len() && invalid.is_empty() {
        for (n, e) in names.into_iter().zip(emails) {
            out.push(Person {
                name: Some(n),
                email: Some(e),
            });
        }
        return (out, invalid);
    }
    // A single name that contains commas stays one name when there is nothing to pair with.
    if names.len() > 1 && emails.is_empty() {
        out.push(Person {
            name: Some(name.unwrap().trim().to_owned()),
            email: None,
        });
    } else {
        out.extend(names.into_iter().map(|n| Person {
            name: Some(n),
            email: None,
        }));
    }
    out.extend(emails.into_iter().map(|e| Person {
        name: None,
        email: Some(e),
    }));
    (out, invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs() {
        let (p, bad) = people(Some("Ada"), Some("ada@example.org"));
        assert_eq!(
            p,
            [Person {
                name: Some("Ada".into()),
                email: Some("ada@example.org".into())
            }]
        );
        assert!(bad.is_empty());
        let (p, _) = people(Some("A, B"), Some("a@x.org, b@x.org"));
        assert_eq!(p.len(), 2);
        let (p, _) = people(Some("A, B"), Some("team@x.org"));
        assert_eq!(
            p,
            [
                Person {
                    name: Some("A".into()),
                    email: None
                },
                Person {
                    name: Some("B".into()),
                    email: None
                },
                Person {
                    name: None,
                    email: Some("team@x.org".into())
                },
            ]
        );
        let (p, bad) = people(Some("Bob"), Some("bob at example dot com"));
        assert_eq!(
            p,
            [Person {
                name: Some("Bob".into()),
                email: None
            }]
        );
        assert_eq!(bad, ["bob at example dot com"]);
        let (p, _) = people(Some("Jane"), Some("Jane Doe <jane@x.org>"));
        assert_eq!(
            p,
            [
                Person {
                    name: Some("Jane".into()),
                    email: None
                },
                Person {
                    name: Some("Jane Doe".into()),
                    email: Some("jane@x.org".into())
                },
            ]
        );
        let (p, _) = people(None, Some("\"Doe, Jane\" <jane@x.org>"));
        assert_eq!(
            p,
            [Person {
                name: Some("Doe, Jane".into()),
                email: Some("jane@x.org".into())
            }]
        );
        let (p, bad) = people(Some("A, B"), Some("a@x.org; b@x.org"));
        assert_eq!(
            p,
            [
                Person {
                    name: Some("A".into()),
                    email: Some("a@x.org".into())
                },
                Person {
                    name: Some("B".into()),
                    email: Some("b@x.org".into())
                },
            ]
        );
        assert!(bad.is_empty());
        let (_, bad) = people(Some("C"), Some("c [at] x.org"));
        assert_eq!(bad, ["c [at] x.org"]);
        let (p, _) = people(Some("Smith, Jones and Co"), None);
        assert_eq!(
            p,
            [Person {
                name: Some("Smith, Jones and Co".into()),
                email: None
            }]
        );
    }
}
