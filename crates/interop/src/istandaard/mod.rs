//! iWmo / iJw 3.2 codec (stub)
