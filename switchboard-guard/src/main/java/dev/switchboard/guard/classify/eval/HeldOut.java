package dev.switchboard.guard.classify.eval;

/**
 * The fixed held-out split of the guards' data: a record is held out (never trained on, only
 * evaluated) when the hash of its key falls in the held-out fifth. The key is the text itself, or
 * a template id where one data set derives many texts from one template (HateCheck), so that no
 * template is on both sides. Deterministic across runs and machines.
 */
public final class HeldOut {

    /** One in this many records is held out. */
    public static final int ONE_IN = 5;

    private HeldOut() {
    }

    public static boolean contains(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 29;
        return Math.floorMod(h, ONE_IN) == 0;
    }
}
