package org.recon.support.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's frame: title, and the API-key scheme every endpoint uses. */
@Configuration(proxyBeanMethods = false)
public class OpenApiDocumentation {

    @Bean
    public OpenAPI reconOpenApi(@Value("${recon.api.title:Inventory reconciliation}") String title,
                                @Value("${recon.api.description:}") String description) {
        return new OpenAPI()
                .info(new Info().title(title).version("v1").description(description))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-Api-Key")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
