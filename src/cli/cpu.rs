//! The processor check. On x86-64, polder is built for x86-64-v3 processors (AVX2, FMA, BMI:
//! Intel since Haswell, 2013; AMD since Excavator, 2015), see .cargo/config.toml: the hot loop
//! runs 13–14% fewer instructions than for the 2003 baseline, with the same outputs to the
//! bit. A binary built so and copied to an older processor would die of an illegal instruction
//! somewhere in the middle of a job; this check turns that into a clear message at the start.
//!
//! The check reads the processor's own feature bits (cpuid). `is_x86_feature_detected!` cannot
//! do it: in a build where a feature is enabled at compile time it answers "yes" without asking.

/// The features of x86-64-v3 that the processor lacks (empty when it has them all, or when this
/// build does not need them).
pub(crate) fn missing_features() -> Vec<&'static str> {
    #[cfg(all(target_arch = "x86_64", target_feature = "avx2"))]
    {
        use std::arch::x86_64::{__cpuid, __cpuid_count};
        // cpuid is safe to call since Rust 1.87 (and exists on every x86-64 processor); the
        // unsafe block keeps older compilers building. Leaf 7 and the extended leaf are read
        // only when the processor reports them.
        #[allow(unused_unsafe)]
        let (leaf1, leaf7, ext) = unsafe {
            let (max, max_ext) = (__cpuid(0).eax, __cpuid(0x8000_0000).eax);
            let leaf7 = if max >= 7 { __cpuid_count(7, 0).ebx } else { 0 };
            let ext = if max_ext >= 0x8000_0001 {
                __cpuid(0x8000_0001).ecx
            } else {
                0
            };
            (__cpuid(1), leaf7, ext)
        };
        let bit = |word: u32, n: u32| word >> n & 1 == 1;
        let features = [
            ("FMA", bit(leaf1.ecx, 12)),
            ("MOVBE", bit(leaf1.ecx, 22)),
            (
                "AVX (enabled by the operating system)",
                bit(leaf1.ecx, 27) && bit(leaf1.ecx, 28),
            ),
            ("F16C", bit(leaf1.ecx, 29)),
            ("BMI1", bit(leaf7, 3)),
            ("AVX2", bit(leaf7, 5)),
            ("BMI2", bit(leaf7, 8)),
            ("LZCNT", bit(ext, 5)),
        ];
        features
            .iter()
            .filter(|(_, present)| !present)
            .map(|(name, _)| *name)
            .collect()
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "avx2")))]
    Vec::new()
}

/// Refuse to start on a processor this build cannot run on, saying how to build one that can.
pub(crate) fn check() -> Result<(), String> {
    refusal(&missing_features())
}

/// The refusal for a processor that lacks `missing` (none: no refusal).
fn refusal(missing: &[&str]) -> Result<(), String> {
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "polder: this build of polder is for x86-64-v3 processors, and this processor lacks {}. \
         Build polder on this machine for its own processor instead: \
         RUSTFLAGS=\"-C target-cpu=native\" cargo build --release \
         (the outputs are the same to the bit; see docs/performance.md)",
        missing.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    /// The machine that runs the tests runs this build, so it has what the build needs: a
    /// feature bit read from the wrong place would show up here as missing.
    #[test]
    fn this_machine_runs_this_build() {
        assert_eq!(super::missing_features(), Vec::<&str>::new());
        assert_eq!(super::check(), Ok(()));
    }

    /// On a processor that lacks features (which this machine cannot be), the refusal names
    /// each missing feature and the build command that fits the processor.
    #[test]
    fn the_refusal_names_what_is_missing_and_how_to_build() {
        let message = super::refusal(&["AVX2", "BMI2"]).unwrap_err();
        assert!(message.contains("lacks AVX2, BMI2."), "{message}");
        assert!(
            message.contains("RUSTFLAGS=\"-C target-cpu=native\" cargo build --release"),
            "{message}"
        );
        assert_eq!(super::refusal(&[]), Ok(()));
    }
}
