package dev.trestle.adapters.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.TokenCounterPort;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * o200k_base counts with JTokkit. JTokkit's model enum stops at gpt-4o, so the mapping of newer OpenAI models to
 * o200k_base is ours: the gpt-5 family, gpt-4.1, gpt-4.5, gpt-4o and the o-series reasoning models. The encoding
 * (a few MB of ranks) loads on the first count.
 */
public final class JTokkitTokenCounter implements TokenCounterPort {
    private static final Pattern O200K_MODELS = Pattern.compile(
            "(gpt-5|gpt-4\\.1|gpt-4\\.5|gpt-4o|chatgpt-4o|o[1-9])([-.:].*)?");

    private static final class Holder {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    @Override
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return Holder.O200K.countTokensOrdinary(text);
    }

    @Override
    public boolean isExactFor(ModelEntry model) {
        return model.provider() == ProviderId.OPENAI
                && O200K_MODELS.matcher(model.apiName().toLowerCase(Locale.ROOT)).matches();
    }

    /** Loads the encoding now (the composition root does it on the background thread at start). */
    public void warmUp() {
        count("warm up");
    }
}
