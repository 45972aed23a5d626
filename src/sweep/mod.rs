//! Parameter sweeps: many scenarios and policies, many replicates, tidy output.
//!
//! A sweep file names a base scenario, the parameters to vary by their path in the scenario,
//! the design (full factorial grid, Latin hypercube, Sobol or Saltelli), the policies and the number of
//! replicates. Every run's random numbers come from (master seed, design point, replicate), so
//! all policies at one point and replicate meet the same population and luck, and results do
//! not depend on the number of threads or shards. Runs are played in an interleaved order
//! (replicate-major, see [`plan`]) and appended to the output chunk by chunk with a checkpoint;
//! a sweep can be stopped, killed and resumed, split into shards and merged, and every way
//! gives byte-identical runs.csv and summary.csv.

pub mod design;
pub mod exec;
mod joe_kuo;
pub mod merge;
pub mod params;
pub mod plan;
pub mod sobol;
pub mod spec;
pub mod state;
pub mod summary;

pub use exec::{Options, Progress, Report, Shape, Silent, Status, SweepError, resume, start};
pub use merge::merge;
pub use plan::{Layout, Shard, shard_from_env, threads_from_env};
pub use spec::{
    ACROSS, SweepFileError, SweepSpec, load_sweep, load_sweep_for, parse_sweep, parse_sweep_for,
};
