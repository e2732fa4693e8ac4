package org.expensetracker.local.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cognito's answer to password guessing, applied per user name: after {@value #FREE_FAILURES}
 * failed sign-ins in a row the name is locked for one second, and every further failure doubles
 * the lock, up to {@link #MAX_LOCKOUT}. While locked, every attempt, the right password included,
 * is refused with {@code NotAuthorizedException: Password attempts exceeded} without the password
 * being checked. A successful sign-in clears the count, as does a quiet spell of
 * {@link #MAX_LOCKOUT} after the last failure.
 *
 * <p>Names without an account are counted the same way, so the lockout does not tell who has one.
 * Counts live in memory (a restart forgets them, which costs an attacker a restart of the user's
 * machine) and at most {@value #TRACKED_NAMES} names are tracked, least recently failed first out.
 */
final class SignInLockout {
    static final int FREE_FAILURES = 5;
    static final Duration FIRST_LOCKOUT = Duration.ofSeconds(1);
    static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
    static final String ATTEMPTS_EXCEEDED = "Password attempts exceeded";
    private static final int TRACKED_NAMES = 10_000;

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > TRACKED_NAMES;
        }
    };

    SignInLockout(Clock clock) {
        this.clock = clock;
    }

    /** Refuses the attempt while the name is locked. */
    synchronized void checkNotLocked(String username) {
        Failures current = failures.get(key(username));
        if (current != null && clock.instant().isBefore(current.lockedUntil())) {
            throw CognitoException.notAuthorized(ATTEMPTS_EXCEEDED);
        }
    }

    synchronized void failed(String username) {
        Instant now = clock.instant();
        Failures previous = failures.get(key(username));
        int count = previous == null || previous.last().plus(MAX_LOCKOUT).isBefore(now) ? 1 : previous.count() + 1;
        Instant lockedUntil = now;
        if (count >= FREE_FAILURES) {
            int doublings = Math.min(count - FREE_FAILURES, 20);
            Duration lock = FIRST_LOCKOUT.multipliedBy(1L << doublings);
            lockedUntil = now.plus(lock.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : lock);
        }
        failures.put(key(username), new Failures(count, now, lockedUntil));
    }

    synchronized void succeeded(String username) {
        failures.remove(key(username));
    }

    /** Sign-in names are case-insensitive, as the deployed pool's are. */
    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
