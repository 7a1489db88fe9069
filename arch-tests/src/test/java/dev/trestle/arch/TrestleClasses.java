package dev.trestle.arch;

import com.tngtech.archunit.core.importer.ImportOption;

/** What the rules look at: Trestle's production classes (tests and test fixtures excluded). */
final class TrestleClasses {
    static final String BASE = "dev.trestle";

    private TrestleClasses() {
    }

    static final class ProductionOnly implements ImportOption {
        private final ImportOption delegate = new ImportOption.DoNotIncludeTests();

        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return delegate.includes(location) && !location.contains("/test-classes/")
                    && !location.contains("-tests.jar");
        }
    }
}
