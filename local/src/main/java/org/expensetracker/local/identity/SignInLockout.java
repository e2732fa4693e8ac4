package org.expensetracker.local.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.expensetracker.core.config.UserPoolPolicy;

/**
 * Cognito's answer to password guessing, applied per user name, with the numbers of
 * {@link UserPoolPolicy#lockout()}: after five failed sign-ins in a row the name is locked for one
 * second, and every further failure doubles the lock, up to 15 minutes. While locked, every attempt, the right password included,
 * is refused with {@code NotAuthorizedException: Password attempts exceeded} without the password
 * being checked. A successful sign-in clears the count, as does a quiet spell of the longest
 * lockout after the last failure.
 *
 * <p>Names without an account are counted the same way, so the lockout does not tell who has one.
 * Counts live in memory (a restart forgets them, which costs an attacker a restart of the user's
 * machine) and at most {@value #TRACKED_NAMES} names are tracked, least recently failed first out.
 */
final class SignInLockout {
    static final String ATTEMPTS_EXCEEDED = "Password attempts exceeded";
    private static final int TRACKED_NAMES = 10_000;

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final Clock clock;
    private final int freeFailures;
    private final Duration firstLockout;
    private final Duration maxLockout;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > TRACKED_NAMES;
        }
    };

    SignInLockout(Clock clock, UserPoolPolicy.Lockout policy) {
        this.clock = clock;
        this.freeFailures = policy.freeFailures();
        this.firstLockout = policy.firstLockout();
        this.maxLockout = policy.maxLockout();
    }

    /** Refuses the attempt while the name is locked. */
    void checkNotLocked(String username) {
        if (isLocked(username)) {
            throw CognitoException.notAuthorized(ATTEMPTS_EXCEEDED);
        }
    }

    synchronized boolean isLocked(String username) {
        Failures current = failures.get(key(username));
        return current != null && clock.instant().isBefore(current.lockedUntil());
    }

    synchronized void failed(String username) {
        Instant now = clock.instant();
        Failures previous = failures.get(key(username));
        int count = previous == null || previous.last().plus(maxLockout).isBefore(now) ? 1 : previous.count() + 1;
        Instant lockedUntil = now;
        if (count >= freeFailures) {
            int doublings = Math.min(count - freeFailures, 20);
            Duration lock = firstLockout.multipliedBy(1L << doublings);
            lockedUntil = now.plus(lock.compareTo(maxLockout) > 0 ? maxLockout : lock);
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
