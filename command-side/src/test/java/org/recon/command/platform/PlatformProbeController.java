package org.recon.command.platform;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * A test-only JSON endpoint (any valid key) that reads its body like every ingest endpoint does, so
 * the web layer's error handling (400, 415, 413) is checked independently of the domain's endpoints.
 * Lives in the test sources only; it joins the one shared test context through component scanning.
 */
@RestController
class PlatformProbeController {

    static final String PATH = "/platform-probe/echo";

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> echo(@RequestBody Map<String, Object> body) {
        return Map.of("fields", body.size());
    }
}
