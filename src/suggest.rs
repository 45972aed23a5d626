//! "Did you mean": the valid name closest to a misspelt one. Scenario fields use `_` and
//! policy names `-`, so the commonest slip is the other separator; it is tried first.

/// The candidate closest to `given`: one that differs only in `_` against `-` (or case), else
/// the nearest by edit distance if it is at most a third of the name's length (at least 1).
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = |s: &str| s.to_lowercase().replace('_', "-");
    let wanted = norm(given);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == given {
            return None;
        }
        if norm(c) == wanted {
            return Some(c);
        }
        let d = strsim::levenshtein(&wanted, &norm(c));
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let limit = (given.chars().count() / 3).max(1);
    best.filter(|&(d, _)| d <= limit).map(|(_, c)| c)
}

/// ` (did you mean "X"?)` for the closest candidate, or nothing.
pub fn did_you_mean<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(given, candidates)
        .map(|c| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_separator_and_small_typos_are_found() {
        let policies = ["none", "spoiler-first", "phased", "task-time"];
        assert_eq!(closest("spoiler_first", policies), Some("spoiler-first"));
        assert_eq!(closest("Task_Time", policies), Some("task-time"));
        assert_eq!(closest("phasd", policies), Some("phased"));
        assert_eq!(closest("something-else", policies), None);
        assert_eq!(closest("phased", policies), None);
        let fields = ["free_rider_share", "saboteur_share"];
        assert_eq!(
            closest("free-rider_share", fields),
            Some("free_rider_share")
        );
        assert_eq!(closest("saboteur_shares", fields), Some("saboteur_share"));
        assert_eq!(did_you_mean("x", fields), "");
    }
}
