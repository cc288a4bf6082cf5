import Testing

extension Tag {
    /// Needs the throwaway PostgreSQL cluster (`PRESCIENT_TEST_DATABASE_URL`).
    @Tag public static var database: Self
    /// Starts the services as real processes on real sockets (and the database they use).
    @Tag public static var stack: Self
    /// Drives a headless browser.
    @Tag public static var browser: Self
}
