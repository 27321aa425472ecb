package io.sextant;

import io.sextant.cli.SextantCli;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SextantApplication {

    /** The one source of "now": tests replace it with a fixed clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        int code = SextantCli.run(args);
        if (code != SextantCli.KEEP_RUNNING) {
            System.exit(code);
        }
    }
}
