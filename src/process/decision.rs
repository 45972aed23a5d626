//! Decision moments: phase ends, votes under the decision rule, regretters withdrawing, and
//! ratification of the final agreement by the constituencies.

use crate::domain::Domain;
use crate::events::Event;
use crate::model::{Ending, Model};
use crate::participant::{Archetype, dice};
use crate::scenario::DecisionRule;

/// Whether `yes` of `voters` meets the rule.
pub fn passes(rule: DecisionRule, qualified_share: f64, yes: usize, voters: usize) -> bool {
    if voters == 0 {
        return false;
    }
    match rule {
        DecisionRule::Consensus => yes == voters,
        DecisionRule::QualifiedMajority => yes as f64 >= qualified_share * voters as f64 - 1e-9,
        DecisionRule::Majority => 2 * yes > voters,
    }
}

/// End the phase when its work is done: a phase without a decision moment ends at once, one
/// with a decision moment holds a vote (again after `revote_every` rounds if it fails).
pub fn decide(m: &mut Model) {
    let s = m.scenario;
    let phase = &s.process.phases[m.process.phase];
    if m.process.phase_progress < f64::from(phase.rounds) {
        return;
    }
    if !phase.decision {
        complete_phase(m);
        return;
    }
    if m.round >= m.process.next_vote {
        vote(m);
    }
}

/// Close the current phase and open the next; work beyond the phase's plan carries over.
fn complete_phase(m: &mut Model) {
    let s = m.scenario;
    let idx = m.process.phase;
    let planned = s.process.phases[idx].rounds;
    let took = m.round + 1 - m.process.phase_started;
    let late_by = took.saturating_sub(planned);
    m.events.push(Event::PhaseCompleted {
        phase: idx,
        late_by,
    });
    if late_by == 0 {
        m.broadcast(Domain::TaskTime, s.process.milestone_gain, None, 1.0, 0.0);
    }
    if idx + 1 < s.process.phases.len() {
        m.process.phase = idx + 1;
        m.process.phase_progress = (m.process.phase_progress - f64::from(planned)).max(0.0);
        m.process.completed_plan += planned;
        m.process.phase_started = m.round + 1;
        m.process.next_vote = 0;
        m.events.push(Event::PhaseStarted { phase: idx + 1 });
    }
}

/// Whether participant i says yes at an interim vote (agreeing on a phase's result, such as the
/// scope or a joint fact base): it is clear enough what the result is about, i.e. its content
/// certainty, screened as for the lower bound (compensation included where allowed), is at or
/// above the content lower bound. A revealed saboteur always says no. (The final vote is
/// [`final_answer`].)
fn says_yes_interim(m: &Model, i: usize) -> bool {
    let p = &m.people[i];
    if p.is_disrupting() {
        return false;
    }
    let c = Domain::Content.index();
    crate::trust::screened(&p.certainty, c, &m.scenario.compensation) >= m.lower_bounds[c]
}

/// A party's answer at the final vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FinalAnswer {
    Yes,
    /// The proposal lies within its room for agreement, but it does not expect its home front to
    /// carry the deal: it holds its yes back and will give feedback.
    HeldBack,
    No,
}

/// At the final vote a party says yes when the proposal lies within its room for agreement and,
/// having sounded out its home front, it expects its constituency to carry the deal (see
/// [`expects_carried`]). A revealed saboteur always says no.
fn final_answer(m: &Model, i: usize, proposal: f64) -> FinalAnswer {
    let p = &m.people[i];
    if p.is_disrupting() || (p.position - proposal).abs() > m.room(i) {
        FinalAnswer::No
    } else if expects_carried(m, i, proposal) {
        FinalAnswer::Yes
    } else {
        FinalAnswer::HeldBack
    }
}

/// A representative sounds out its home front before it commits at the final vote
/// (terugkoppeling met de achterban; Putnam 1988: negotiators estimate their constituency's
/// win-set). It locates its constituency's ideal with two errors: projection (moved
/// `constituency.projection x ownership` of the way toward its own position: a representative
/// who owns the process projects its view onto its home front) and its own persistent misreading
/// (uniform, standard deviation `constituency.sounding_noise` on the issue scale, drawn at
/// seating). Knowing it may misread, it expects the deal to be carried only if the approval
/// would reach the quota with the ideal one standard deviation further from the deal. The
/// narrower the home front's tolerance, the more the same misreading costs: Putnam's
/// involuntary defection is likelier with a narrow win-set.
fn expects_carried(m: &Model, i: usize, proposal: f64) -> bool {
    let c = &m.scenario.constituency;
    let p = &m.people[i];
    // where it believes its home front stands: pulled toward its own position by projection,
    // and off by its own misreading
    let seen = p.constituency_ideal
        + c.projection * p.ownership * (p.position - p.constituency_ideal)
        + p.sounding_error;
    // cautious: it asks whether the deal would carry even if its home front stood one standard
    // deviation of its misreading further from the deal than it seems
    let cautious = seen - c.sounding_noise * (proposal - seen).signum();
    m.approval_curve(i).approval(cautious, proposal) >= c.quota
}

/// Reusable buffers for a vote, so that a decision moment allocates nothing.
#[derive(Debug, Default)]
pub struct VoteBuffers {
    voters: Vec<usize>,
    yes: Vec<usize>,
    aux: Vec<usize>,
    /// Parties that would accept the proposal but expect their home front not to carry it.
    home: Vec<usize>,
}

impl VoteBuffers {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            voters: Vec::with_capacity(n),
            yes: Vec::with_capacity(n),
            aux: Vec::with_capacity(n),
            home: Vec::with_capacity(n),
        }
    }
}

fn vote(m: &mut Model) {
    let mut buffers = std::mem::take(&mut m.vote_buffers);
    vote_with(m, &mut buffers);
    m.vote_buffers = buffers;
}

fn vote_with(m: &mut Model, b: &mut VoteBuffers) {
    let s = m.scenario;
    let rule = s.process.decision_rule;
    let q = s.process.qualified_share;
    let phase = m.process.phase;
    let final_vote = phase + 1 == s.process.phases.len();
    let proposal = m.current_proposal();

    // A known spoiler has no say in interim decisions (the table works around it on process
    // steps); at the binding final decision every party at the table votes.
    let VoteBuffers {
        voters,
        yes,
        aux,
        home,
    } = b;
    voters.clear();
    voters.extend(
        m.active
            .iter()
            .copied()
            .filter(|&i| m.people[i].is_active() && (final_vote || !m.people[i].is_disrupting())),
    );
    yes.clear();
    home.clear();
    for &i in voters.iter() {
        if !final_vote {
            if says_yes_interim(m, i) {
                yes.push(i);
            }
            continue;
        }
        match final_answer(m, i, proposal) {
            FinalAnswer::Yes => yes.push(i),
            FinalAnswer::HeldBack => home.push(i),
            FinalAnswer::No => {}
        }
    }
    let mut passed = passes(rule, q, yes.len(), voters.len());

    // A hidden saboteur shows itself when the final vote would otherwise pass, and votes no to
    // try to block it (under a majority rule its no may not be enough).
    if final_vote && passed && s.saboteur.reveal_at_final_vote {
        aux.clear();
        aux.extend(
            yes.iter()
                .copied()
                .filter(|&i| m.people[i].archetype == Archetype::Saboteur && !m.people[i].revealed),
        );
        if !aux.is_empty() {
            for &i in aux.iter() {
                crate::opportunism::sabotage::reveal(m, i);
            }
            yes.retain(|i| !aux.contains(i));
            passed = passes(rule, q, yes.len(), voters.len());
        }
    }

    m.tally.votes += 1;
    m.events.push(Event::Vote {
        phase,
        final_vote,
        yes: yes.len(),
        voters: voters.len(),
        passed,
    });

    if passed {
        regret(m, yes, aux);
        if !aux.is_empty() {
            yes.retain(|i| !aux.contains(i));
            passed = passes(rule, q, yes.len(), voters.len());
            if !passed {
                m.events.push(Event::AgreementUnravelled { phase });
            }
        }
    }

    if !passed {
        // Representatives who held the deal back for their home front go back to it and explain
        // the deal (terugkoppeling met de achterban): their constituency moves toward it.
        let feedback = s.constituency.feedback;
        for &i in home.iter() {
            let p = &mut m.people[i];
            p.constituency_ideal += feedback * (proposal - p.constituency_ideal);
        }
        let shock = s.process.failed_vote_shock;
        m.broadcast(Domain::TaskTime, -shock, None, 1.0, 0.0);
        m.broadcast(Domain::Procedural, -0.5 * shock, None, 1.0, 0.0);
        m.process.next_vote = m.round + s.process.revote_every;
        return;
    }

    if final_vote {
        m.tally.agreement_round = Some(m.round);
        complete_phase(m);
        // Every party that signed (voted yes and did not withdraw) puts the agreement to its
        // constituency (achterban); it stands when the signatories whose constituencies carry
        // it still meet the decision rule over all who voted. Under consensus that is every
        // party; under a qualified majority a rejection at home by a signatory can still sink
        // the deal.
        let mut carried_count = 0;
        for &i in yes.iter() {
            let p = &m.people[i];
            let approval = m.approval_curve(i).approval(p.constituency_ideal, proposal);
            let carried = approval >= s.constituency.quota;
            carried_count += usize::from(carried);
            m.tally.home_rejections += u32::from(!carried);
            m.events.push(Event::Ratification {
                who: i,
                approval,
                carried,
            });
        }
        m.end = Some(if passes(rule, q, carried_count, voters.len()) {
            Ending::Ratified
        } else {
            Ending::Rejected
        });
    } else {
        let win = s.process.small_win;
        m.broadcast(Domain::Social, win, None, 1.0, 0.0);
        m.broadcast(Domain::TaskTime, win, None, 1.0, 0.0);
        complete_phase(m);
    }
}

/// Regretters among the yes-voters withdraw with probability
/// min(1, withdraw_probability * (1 + displeasure)), at most once per phase; each withdrawal
/// hurts the others' social (through relations) and procedural certainty. Who withdrew is left
/// in `out`.
fn regret(m: &mut Model, yes: &[usize], out: &mut Vec<usize>) {
    let r = &m.scenario.regretter;
    out.clear();
    for &i in yes {
        let p = &m.people[i];
        if p.archetype != Archetype::Regretter || p.withdrew_in_phase == Some(m.process.phase) {
            continue;
        }
        let prob = (r.withdraw_probability * 2.0 * p.displeasure).min(1.0);
        if m.die(i, dice::REGRET) < prob {
            out.push(i);
        }
    }
    for &i in out.iter() {
        m.people[i].withdrew_in_phase = Some(m.process.phase);
        m.tally.withdrawals += 1;
        m.events.push(Event::Withdrawal { who: i });
        m.news(
            i,
            &[
                (Domain::Social, -r.social_shock),
                (Domain::Procedural, -r.procedural_shock),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_rules() {
        assert!(passes(DecisionRule::Consensus, 0.75, 5, 5));
        assert!(!passes(DecisionRule::Consensus, 0.75, 4, 5));
        assert!(passes(DecisionRule::QualifiedMajority, 0.75, 3, 4));
        assert!(!passes(DecisionRule::QualifiedMajority, 0.75, 2, 4));
        assert!(passes(DecisionRule::Majority, 0.75, 3, 5));
        assert!(!passes(DecisionRule::Majority, 0.75, 2, 4));
        assert!(!passes(DecisionRule::Majority, 0.75, 0, 0));
    }
}
