//! Work, pace and level of detail: stagnation (stroperigheid) and haste (haast) both erode
//! task & time certainty; haste also brings careless decisions.

use rand::RngExt;

use crate::domain::Domain;
use crate::events::Event;
use crate::math::smaller;
use crate::model::Model;

/// The pace signal to task & time certainty for a round's work w (1 = planned): negative and
/// growing with the relative shortfall under `stagnation_below` or the relative excess over
/// `haste_above`, a small positive `on_plan_gain` in between.
pub fn pace_signal(w: f64, p: &crate::scenario::Process) -> f64 {
    if w < p.stagnation_below {
        -p.stagnation_weight * (p.stagnation_below - w) / p.stagnation_below
    } else if w > p.haste_above {
        -p.haste_weight * (w - p.haste_above) / p.haste_above
    } else {
        p.on_plan_gain
    }
}

/// Do this round's work: the table's level of detail follows the phase, the group's effort
/// drives progress, and the pace feeds task & time certainty.
pub fn advance(m: &mut Model) {
    let s = m.scenario;
    // parties at the table and their summed contributions, in one pass (from -0.0, the
    // neutral element `Iterator::sum` starts from)
    let (n, contributions) = m
        .people
        .iter()
        .filter(|p| p.is_active())
        .fold((0usize, -0.0), |(n, sum), p| (n + 1, sum + p.contribution));
    if n == 0 {
        return;
    }
    let phase = &s.process.phases[m.process.phase];
    let proc = &mut m.process;
    proc.detail += s.negotiation.detail_adaptation * (phase.detail - proc.detail);
    let mismatch = (phase.detail - proc.detail).abs();

    let mean_contribution = contributions / n as f64;
    let voluntary = smaller(mean_contribution / s.cooperation.reference, 1.5);
    let dutiful = s.cooperation.dutiful_work;
    let effort = dutiful + (1.0 - dutiful) * voluntary;
    let work = m.levers.work_factor
        * proc.pace
        * effort
        * (1.0 - s.negotiation.detail_penalty * mismatch)
        * (1.0 + s.challenge.plan_ownership * m.view.share_owning_plan);
    proc.last_work = work;
    proc.phase_progress += work;

    let pace = pace_signal(work, &s.process);
    let detail = -s.negotiation.detail_penalty * mismatch;
    for p in m.people.iter_mut().filter(|p| p.is_active()) {
        p.signal[Domain::TaskTime.index()] += pace;
        p.signal[Domain::Content.index()] += detail;
    }

    // one draw every round, used or not, so the table's stream does not depend on the pace
    let u: f64 = m.table_rng.random();
    let excess = (work - s.process.haste_above) / s.process.haste_above;
    if excess > 0.0 && u < s.process.careless_probability * excess {
        m.events.push(Event::CarelessDecision);
        m.tally.careless_decisions += 1;
        m.broadcast(
            Domain::Procedural,
            -s.process.careless_shock,
            None,
            1.0,
            0.0,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Process;

    #[test]
    fn pace_has_an_optimum() {
        let p = Process::default();
        let slow = pace_signal(0.3, &p);
        let planned = pace_signal(1.0, &p);
        let hasty = pace_signal(2.2, &p);
        assert!(slow < 0.0 && hasty < 0.0 && planned > 0.0);
    }
}
