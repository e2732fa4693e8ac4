package org.expensetracker.local.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Session} strings of sign-in challenges (and of AssociateSoftwareToken /
 * VerifySoftwareToken by session): random, single-use, valid for the pool's auth session validity
 * (three minutes). Held in memory: a restart ends them, which costs a user one more password entry.
 */
final class AuthSessions {

    static final String EXPIRED = "Invalid session for the user, session is expired.";
    static final String INVALID = "Invalid session for the user.";
    private static final int MAX_SESSIONS = 10_000;
    private static final int MAX_WRONG_CODES = 5;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    record Session(String id, String sub, String clientId, String challenge, Instant expiresAt, int wrongCodes) {
    }

    private final Clock clock;
    private final Duration validity;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    AuthSessions(Clock clock, Duration validity) {
        this.clock = clock;
        this.validity = validity;
    }

    synchronized Session create(String sub, String clientId, String challenge) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        byte[] bytes = new byte[96];
        random.nextBytes(bytes);
        // Cognito's sessions begin with "AYAB" (an encrypted blob's header); a random one could begin with
        // "-", which a command line (the AWS CLI's --session) would read as an option.
        Session session = new Session("AYAB" + B64URL.encodeToString(bytes), sub, clientId, challenge, now.plus(validity), 0);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session, or NotAuthorizedException as Cognito words it (expired, or unknown / used). */
    synchronized Session require(String id) {
        Session session = id == null ? null : sessions.get(id);
        if (session == null) {
            throw CognitoException.notAuthorized(INVALID);
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            sessions.remove(id);
            throw CognitoException.notAuthorized(EXPIRED);
        }
        return session;
    }

    /** Ends the session (it is single-use). */
    synchronized void end(String id) {
        sessions.remove(id);
    }

    /** Counts a wrong code; after a few the session ends, so one session cannot be used to guess codes. */
    synchronized void wrongCode(Session session) {
        int wrong = session.wrongCodes() + 1;
        if (wrong >= MAX_WRONG_CODES) {
            sessions.remove(session.id());
        } else {
            sessions.put(session.id(), new Session(session.id(), session.sub(), session.clientId(), session.challenge(),
                    session.expiresAt(), wrong));
        }
    }
}
