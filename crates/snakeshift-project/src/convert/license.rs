//! License texts and classifiers: the trove classifier list (validated here, since setuptools
//! only checks classifiers when `trove-classifiers` happens to be installed), and the
//! unambiguous mappings to SPDX expressions used with `--spdx` (PEP 639).

const CLASSIFIERS: &str = include_str!("../../data/classifiers.txt");

/// Whether `c` is a known trove classifier (or a `Private ::` one, which PyPI accepts).
pub fn is_known_classifier(c: &str) -> bool {
    c.starts_with("Private ::")
        || CLASSIFIERS
            .lines()
            .any(|known| !known.starts_with('#') && known == c)
}

pub fn is_license_classifier(c: &str) -> bool {
    c.starts_with("License ::")
}

/// Free-text license names that stand for exactly one SPDX identifier.
const TEXTS: &[(&str, &str)] = &[
    ("mit", "MIT"),
    ("mit license", "MIT"),
    ("the mit license", "MIT"),
    ("the mit license (mit)", "MIT"),
    ("expat", "MIT"),
    ("expat license", "MIT"),
    ("mit-0", "MIT-0"),
    ("apache-2.0", "Apache-2.0"),
    ("apache 2.0", "Apache-2.0"),
    ("apache 2", "Apache-2.0"),
    ("apache-2", "Apache-2.0"),
    ("apache license 2.0", "Apache-2.0"),
    ("apache license, version 2.0", "Apache-2.0"),
    ("apache license version 2.0", "Apache-2.0"),
    ("apache software license 2.0", "Apache-2.0"),
    ("asl 2.0", "Apache-2.0"),
    ("bsd-3-clause", "BSD-3-Clause"),
    ("bsd 3-clause", "BSD-3-Clause"),
    ("bsd-3", "BSD-3-Clause"),
    ("3-clause bsd", "BSD-3-Clause"),
    ("new bsd", "BSD-3-Clause"),
    ("new bsd license", "BSD-3-Clause"),
    ("modified bsd", "BSD-3-Clause"),
    ("bsd-2-clause", "BSD-2-Clause"),
    ("bsd 2-clause", "BSD-2-Clause"),
    ("simplified bsd", "BSD-2-Clause"),
    ("freebsd", "BSD-2-Clause"),
    ("0bsd", "0BSD"),
    ("isc", "ISC"),
    ("isc license", "ISC"),
    ("mpl-2.0", "MPL-2.0"),
    ("mpl 2.0", "MPL-2.0"),
    ("mozilla public license 2.0", "MPL-2.0"),
    ("gplv2", "GPL-2.0-only"),
    ("gplv2+", "GPL-2.0-or-later"),
    ("gplv3", "GPL-3.0-only"),
    ("gplv3+", "GPL-3.0-or-later"),
    ("gpl-2.0-only", "GPL-2.0-only"),
    ("gpl-2.0-or-later", "GPL-2.0-or-later"),
    ("gpl-3.0-only", "GPL-3.0-only"),
    ("gpl-3.0-or-later", "GPL-3.0-or-later"),
    ("lgplv2.1", "LGPL-2.1-only"),
    ("lgplv2.1+", "LGPL-2.1-or-later"),
    ("lgplv3", "LGPL-3.0-only"),
    ("lgplv3+", "LGPL-3.0-or-later"),
    ("lgpl-2.1-only", "LGPL-2.1-only"),
    ("lgpl-2.1-or-later", "LGPL-2.1-or-later"),
    ("lgpl-3.0-only", "LGPL-3.0-only"),
    ("lgpl-3.0-or-later", "LGPL-3.0-or-later"),
    ("agpl-3.0-only", "AGPL-3.0-only"),
    ("agpl-3.0-or-later", "AGPL-3.0-or-later"),
    ("psf", "PSF-2.0"),
    ("psf-2.0", "PSF-2.0"),
    ("python software foundation license", "PSF-2.0"),
    ("unlicense", "Unlicense"),
    ("the unlicense", "Unlicense"),
    ("zlib", "Zlib"),
    ("cc0", "CC0-1.0"),
    ("cc0-1.0", "CC0-1.0"),
    ("bsl-1.0", "BSL-1.0"),
    ("epl-2.0", "EPL-2.0"),
    ("eupl-1.2", "EUPL-1.2"),
];

/// License classifiers that stand for exactly one SPDX identifier.
const CLASSIFIER_IDS: &[(&str, &str)] = &[
    ("License :: OSI Approved :: MIT License", "MIT"),
    (
        "License :: OSI Approved :: MIT No Attribution License (MIT-0)",
        "MIT-0",
    ),
    ("License :: OSI Approved :: ISC License (ISCL)", "ISC"),
    (
        "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)",
        "MPL-2.0",
    ),
    (
        "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)",
        "GPL-2.0-or-later",
    ),
    (
        "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",
        "GPL-3.0-or-later",
    ),
    (
        "License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)",
        "LGPL-2.0-or-later",
    ),
    (
        "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)",
        "LGPL-3.0-or-later",
    ),
    (
        "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)",
        "AGPL-3.0-or-later",
    ),
    (
        "License :: OSI Approved :: Python Software Foundation License",
        "PSF-2.0",
    ),
    (
        "License :: OSI Approved :: The Unlicense (Unlicense)",
        "Unlicense",
    ),
    ("License :: OSI Approved :: Zero-Clause BSD (0BSD)", "0BSD"),
    ("License :: OSI Approved :: zlib/libpng License", "Zlib"),
    (
        "License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)",
        "BSL-1.0",
    ),
    (
        "License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)",
        "EPL-2.0",
    ),
    (
        "License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)",
        "EUPL-1.2",
    ),
    (
        "License :: OSI Approved :: Universal Permissive License (UPL)",
        "UPL-1.0",
    ),
    (
        "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication",
        "CC0-1.0",
    ),
];

/// The license classifiers whose meaning a text can confirm (`BSD License` with a
/// `BSD-3-Clause` text): they do not contradict the text's identifier.
fn compatible(classifier: &str, id: &str) -> bool {
    let family = |c: &str, ids: &[&str]| classifier.ends_with(c) && ids.contains(&id);
    family(":: BSD License", &["BSD-2-Clause", "BSD-3-Clause", "0BSD"])
        || family(":: Apache Software License", &["Apache-2.0"])
        || family(
            ":: GNU General Public License v2 (GPLv2)",
            &["GPL-2.0-only", "GPL-2.0-or-later"],
        )
        || family(
            ":: GNU General Public License v3 (GPLv3)",
            &["GPL-3.0-only", "GPL-3.0-or-later"],
        )
        || family(
            ":: GNU Lesser General Public License v2 (LGPLv2)",
            &["LGPL-2.0-only", "LGPL-2.1-only", "LGPL-2.1-or-later"],
        )
        || family(
            ":: GNU Lesser General Public License v3 (LGPLv3)",
            &["LGPL-3.0-only", "LGPL-3.0-or-later"],
        )
        || family(
            ":: GNU Affero General Public License v3",
            &["AGPL-3.0-only", "AGPL-3.0-or-later"],
        )
        || classifier == "License :: OSI Approved"
        || CLASSIFIER_IDS
            .iter()
            .any(|(c, i)| *c == classifier && *i == id)
}

/// The SPDX identifier a license text and the license classifiers agree on, if exactly one.
pub fn spdx_for(text: Option<&str>, classifiers: &[String]) -> Option<&'static str> {
    let licenses: Vec<&String> = classifiers
        .iter()
        .filter(|c| is_license_classifier(c))
        .collect();
    let from_text = text.and_then(|t| {
        let key = t.trim().to_lowercase();
        TEXTS.iter().find(|(k, _)| *k == key).map(|(_, id)| *id)
    });
    match (text, from_text) {
        (Some(t), None) if !t.trim().is_empty() => None,
        (_, Some(id)) => licenses.iter().all(|c| compatible(c, id)).then_some(id),
        _ => {
            let ids: Vec<&str> = licenses
                .iter()
                .filter_map(|c| {
                    CLASSIFIER_IDS
                        .iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, id)| *id)
                })
                .collect();
            (ids.len() == 1 && licenses.len() == 1).then(|| ids[0])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifiers() {
        assert!(is_known_classifier("Programming Language :: Python :: 3"));
        assert!(is_known_classifier("Private :: Do Not Upload"));
        assert!(!is_known_classifier(
            "Programming Language :: Python :: 9000"
        ));
    }

    #[test]
    fn spdx() {
        let mit = vec!["License :: OSI Approved :: MIT License".to_owned()];
        assert_eq!(spdx_for(Some("MIT"), &mit), Some("MIT"));
        assert_eq!(spdx_for(None, &mit), Some("MIT"));
        assert_eq!(spdx_for(Some("BSD"), &[]), None);
        let bsd = vec!["License :: OSI Approved :: BSD License".to_owned()];
        assert_eq!(spdx_for(Some("BSD-3-Clause"), &bsd), Some("BSD-3-Clause"));
        assert_eq!(spdx_for(None, &bsd), None);
        assert_eq!(spdx_for(Some("MIT"), &bsd), None);
        assert_eq!(spdx_for(Some("Proprietary"), &mit), None);
    }
}
