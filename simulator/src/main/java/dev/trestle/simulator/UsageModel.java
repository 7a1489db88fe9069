package dev.trestle.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/**
 * How the simulator counts a chat request's input tokens for the usage it reports.
 * <ul>
 *   <li>{@link #BODY_BYTES}: a quarter of the request body's bytes (the default; cheap and stable).</li>
 *   <li>{@link #TOKENIZER}: what a vendor's tokenizer would report for the texts the body carries. OpenAI: the real
 *   o200k_base count of every message, plus 3 framing tokens per message and 3 per request (OpenAI's published chat
 *   formula). The other vendors model a denser tokenizer whose density depends on the content: each message's o200k
 *   count scaled by a mix of per-character-class factors (CJK, ASCII punctuation and symbols as in code and JSON,
 *   everything else as prose), so a ratio learned on one mix is only approximately right on another.</li>
 * </ul>
 */
public enum UsageModel {
    BODY_BYTES, TOKENIZER;

    private static final class Holder {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /** Per vendor: factors for prose, symbols, CJK. */
    private static double[] factors(ProviderSimulator.Vendor v) {
        return switch (v) {
            case OPENAI -> new double[] {1, 1, 1};
            case ANTHROPIC -> new double[] {1.12, 1.30, 1.55};
            case GOOGLE -> new double[] {1.04, 1.18, 1.25};
            case MISTRAL -> new double[] {1.15, 1.35, 1.60};
        };
    }

    int inputTokens(ProviderSimulator.Vendor vendor, VendorFormat format, byte[] body) {
        if (this == BODY_BYTES) {
            return Math.max(1, body.length / 4);
        }
        JsonNode n = VendorFormat.read(body);
        if (n == null) {
            return Math.max(1, body.length / 4);
        }
        List<String> texts = format.promptTexts(n);
        double[] f = factors(vendor);
        double total = 3;
        for (String t : texts) {
            total += Holder.O200K.countTokensOrdinary(t) * density(t, f) + 3;
        }
        return (int) Math.round(total);
    }

    /** The character-class mix of {@code text} weighted by {@code f} (prose, symbols, CJK). */
    static double density(String text, double[] f) {
        if (f[0] == 1 && f[1] == 1 && f[2] == 1) {
            return 1;
        }
        long prose = 0;
        long symbols = 0;
        long cjk = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp)) {
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL) {
                cjk++;
            } else if (cp < 128 && !Character.isLetterOrDigit(cp)) {
                symbols++;
            } else {
                prose++;
            }
        }
        long all = prose + symbols + cjk;
        if (all == 0) {
            return f[0];
        }
        return (prose * f[0] + symbols * f[1] + cjk * f[2]) / all;
    }
}
