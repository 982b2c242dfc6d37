//! Handing freed memory back to the system, for `waymark serve`, the one
//! long-lived process.
//!
//! glibc keeps freed memory in the arena of the thread that freed it, and
//! gives little of it back. A serve session renders on the pool's threads,
//! indexes on a thread of its own each time and loads on the main one, so
//! each step's peak was met again in another arena beside the last's: at
//! 10,000 pages serve peaked at 1.55× a cold build (`bench/serve.py`).
//! Trimming after each step keeps what the process holds to what it uses.
//! A trim costs 3–12 ms at 10,000 pages, and runs where nothing waits on it.

/// Returns the free memory of every arena to the system (a no-op where the
/// allocator is not glibc's).
pub fn release_free() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases free memory; it has no
    // preconditions and returns whether it released any.
    unsafe {
        libc::malloc_trim(0);
    }
}
