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

fn split(s: &str) -> Vec<String> {
    s.split(',')
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Pairs names with emails: one table per person when the comma-separated counts match,
/// otherwise name-only and email-only tables. Emails the schema rejects are returned apart.
pub fn people(name: Option<&str>, email: Option<&str>) -> (Vec<Person>, Vec<String>) {
    let names = name.map(split).unwrap_or_default();
    let all_emails = email.map(split).unwrap_or_default();
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
